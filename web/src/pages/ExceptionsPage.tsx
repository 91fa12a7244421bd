/** Accepted vulnerabilities: list (active, expiring soon, expired, revoked), create and revoke (security). */
import { useState, type FormEvent } from 'react';
import { api, queryString } from '../api';
import { ErrorNote, formatTime, Loading, Section } from '../components/ui';
import { Link, useSearch } from '../router';
import { useSignedIn } from '../session';
import { useApi } from '../use-api';

interface Exception {
  id: string;
  vulnerability: string;
  package: string | null;
  scope: string;
  reason: string;
  expiresAt: number;
  createdBy: string;
  createdAt: number;
  revokedAt: number | null;
  revokedBy: string | null;
  state: string;
}

const SOON_MS = 14 * 86_400_000;

export function ExceptionsPage() {
  const session = useSignedIn();
  const [search, setSearch] = useSearch();
  const view = search.get('view') ?? 'active';
  const state = view === 'soon' ? 'active' : view;
  const { data, error, loading, reload } = useApi<{ exceptions: Exception[] }>(`/exceptions${queryString({ state, limit: 500, vulnerability: search.get('vulnerability') ?? undefined })}`);
  const [failure, setFailure] = useState<Error>();
  const now = Date.now();
  const shown = (data?.exceptions ?? []).filter((exception) => view !== 'soon' || exception.expiresAt - now < SOON_MS).sort((a, b) => a.expiresAt - b.expiresAt);
  const revoke = async (exception: Exception) => {
    const reason = window.prompt(`Revoke the exception for ${exception.vulnerability}? Reason:`);
    if (reason === null) return;
    try {
      await api('POST', `/exceptions/${exception.id}/revoke`, { reason });
      reload();
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    }
  };
  return (
    <>
      <h1>Exceptions</h1>
      <div className="tabs" role="tablist" aria-label="exception states">
        {[
          ['active', 'Active'],
          ['soon', 'Expiring within 14 days'],
          ['expired', 'Expired'],
          ['revoked', 'Revoked'],
          ['all', 'All'],
        ].map(([value, label]) => (
          <button key={value} type="button" role="tab" aria-selected={view === value} onClick={() => setSearch({ view: value })}>
            {label}
          </button>
        ))}
      </div>
      {session.capabilities.manageExceptions && <CreateException onCreated={reload} />}
      <ErrorNote error={error ?? failure} />
      <Loading when={loading && !data} />
      <div className="table-wrap">
        <table data-testid="exceptions-table">
          <thead>
            <tr>
              <th>Vulnerability</th>
              <th>Package</th>
              <th>Scope</th>
              <th>Reason</th>
              <th>Expires</th>
              <th>By</th>
              <th>State</th>
              {session.capabilities.manageExceptions && <th>Action</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((exception) => (
              <tr key={exception.id} className={exception.state === 'active' && exception.expiresAt - now < SOON_MS ? 'soon' : ''}>
                <td>
                  <Link to={`/vulnerabilities/${encodeURIComponent(exception.vulnerability)}`}>{exception.vulnerability}</Link>
                </td>
                <td>{exception.package ?? <span className="muted">any</span>}</td>
                <td>{exception.scope}</td>
                <td>{exception.reason}</td>
                <td>{formatTime(exception.expiresAt).slice(0, 10)}</td>
                <td>{exception.createdBy}</td>
                <td>{exception.state}</td>
                {session.capabilities.manageExceptions && (
                  <td>
                    {exception.state === 'active' && (
                      <button type="button" onClick={() => void revoke(exception)}>
                        Revoke
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
            {shown.length === 0 && (
              <tr>
                <td colSpan={8} className="muted">
                  No exceptions here.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

function CreateException({ onCreated }: { onCreated(): void }) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ vulnerability: '', package: '', scope: 'org', reason: '', expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10) });
  const [error, setError] = useState<string>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await api('POST', '/exceptions', { ...form, package: form.package || undefined });
      setOpen(false);
      onCreated();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };
  if (!open)
    return (
      <p>
        <button type="button" onClick={() => setOpen(true)}>
          New exception…
        </button>
      </p>
    );
  const field = (name: keyof typeof form, label: string, extra: Record<string, string> = {}) => (
    <label>
      {label}
      <input name={name} value={form[name]} onChange={(event) => setForm({ ...form, [name]: event.target.value })} {...extra} />
    </label>
  );
  return (
    <Section title="New exception">
      <form className="filters" onSubmit={(event) => void submit(event)}>
        {field('vulnerability', 'Vulnerability', { placeholder: 'CVE-… or GHSA-…' })}
        {field('package', 'Package (optional)')}
        {field('scope', 'Scope', { placeholder: 'org, team:<team> or repository:<team>/<name>' })}
        {field('reason', 'Reason')}
        {field('expiresAt', 'Expires', { type: 'date' })}
        <div className="filter-actions">
          <button type="submit">Create</button>
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Section>
  );
}
