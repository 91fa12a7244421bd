/** Navigation (only what the role may use), who is signed in, and the page. */
import type { ReactNode } from 'react';
import { NAVIGATION } from '../routes';
import { Link, useLocation } from '../router';
import { useSession, useSignedIn } from '../session';

export function Layout({ children }: { children: ReactNode }) {
  const session = useSignedIn();
  const { signOut } = useSession();
  const { path } = useLocation();
  const entries = NAVIGATION.filter((entry) => entry.visible?.(session.capabilities) ?? true);
  return (
    <div className="layout">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Airlock</span>
        <nav aria-label="main">
          <ul>
            {entries.map((entry) => (
              <li key={entry.path}>
                <Link to={entry.path} aria-current={path.startsWith(entry.path) ? 'page' : undefined}>
                  {entry.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          <span data-testid="who">
            {session.user.name} ({session.user.role})
          </span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
