/** The shell: sign-in when nobody is, else the navigation and the page the path names. */
import { useEffect, type ReactNode } from 'react';
import { Layout } from './components/Layout';
import { AuditPage } from './pages/AuditPage';
import { ExceptionsPage } from './pages/ExceptionsPage';
import { ImageDetailPage } from './pages/ImageDetailPage';
import { ImagesPage } from './pages/ImagesPage';
import { MirrorPage } from './pages/MirrorPage';
import { OverviewPage } from './pages/OverviewPage';
import { PoliciesPage } from './pages/PoliciesPage';
import { SignInPage } from './pages/SignInPage';
import { VulnerabilityPage } from './pages/VulnerabilityPage';
import { WebhooksPage } from './pages/WebhooksPage';
import { navigate, RouterProvider, useLocation } from './router';
import { SessionProvider, useSession } from './session';

export function App() {
  return (
    <RouterProvider>
      <SessionProvider>
        <Shell />
      </SessionProvider>
    </RouterProvider>
  );
}

function Shell() {
  const { session } = useSession();
  const { path } = useLocation();
  useEffect(() => {
    if (session === null && path !== '/sign-in') navigate(`/sign-in?next=${encodeURIComponent(path + window.location.search)}`, { replace: true });
    if (session && (path === '/' || path === '/sign-in')) navigate(new URLSearchParams(window.location.search).get('next') ?? '/overview', { replace: true });
  }, [session, path]);
  if (session === undefined) return <p className="muted center">Loading…</p>;
  if (session === null) return <SignInPage />;
  return <Layout>{page(path)}</Layout>;
}

function page(path: string): ReactNode {
  const [, first, second] = path.split('/');
  const id = second ? decodeURIComponent(second) : undefined;
  switch (first) {
    case 'overview':
      return <OverviewPage />;
    case 'images':
      return id ? <ImageDetailPage key={id} id={id} /> : <ImagesPage />;
    case 'vulnerabilities':
      return <VulnerabilityPage key={id ?? ''} id={id} />;
    case 'policies':
      return <PoliciesPage />;
    case 'exceptions':
      return <ExceptionsPage />;
    case 'audit':
      return <AuditPage />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'mirror':
      return <MirrorPage />;
    default:
      return <OverviewPage />;
  }
}
