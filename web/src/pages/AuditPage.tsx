/** The audit trail, filterable, with the hash chain's verification status. */
import { useState, type FormEvent } from 'react';
import { queryString } from '../api';
import { ErrorNote, formatTime, Loading, Section } from '../components/ui';
import { useSearch } from '../router';
import { useSignedIn } from '../session';
import { useApi } from '../use-api';

interface Entry {
  seq: number;
  time: number;
  actor: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
}

const KEYS = ['actor', 'action', 'target', 'since', 'until'] as const;

export function AuditPage() {
  const session = useSignedIn();
  const [search, setSearch] = useSearch();
  const filters = Object.fromEntries(KEYS.map((key) => [key, search.get(key) ?? undefined]));
  const cursor = search.get('cursor') ?? undefined;
  const { data, error, loading } = useApi<{ entries: Entry[]; nextCursor: number | null }>(`/audit${queryString({ ...filters, cursor, limit: 100 })}`);
  const verification = useApi<{ ok: boolean; entries: number; firstBad?: { seq: number; message: string } }>(session.capabilities.verifyAudit ? '/audit/verify' : undefined);
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(KEYS.map((key) => [key, search.get(key) ?? ''])));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setSearch({ ...draft, cursor: undefined });
  };
  return (
    <>
      <h1>Audit trail</h1>
      {session.capabilities.verifyAudit && (
        <Section title="Chain verification">
          <ErrorNote error={verification.error} />
          {verification.data &&
            (verification.data.ok ? (
              <p className="ok" data-testid="chain-status">
                Intact: {verification.data.entries} entries verified.
              </p>
            ) : (
              <p className="error" data-testid="chain-status">
                Broken at entry {verification.data.firstBad?.seq}: {verification.data.firstBad?.message}
              </p>
            ))}
        </Section>
      )}
      <form className="filters" onSubmit={apply} aria-label="filters">
        {KEYS.map((key) => (
          <label key={key}>
            {key}
            <input name={key} value={draft[key] ?? ''} placeholder={key === 'since' || key === 'until' ? '2026-01-31' : key === 'action' ? 'image.rejected' : ''} onChange={(event) => setDraft({ ...draft, [key]: event.target.value })} />
          </label>
        ))}
        <div className="filter-actions">
          <button type="submit">Apply</button>
        </div>
      </form>
      <ErrorNote error={error} />
      <Loading when={loading && !data} />
      <div className="table-wrap">
        <table data-testid="audit-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Time</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Target</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {(data?.entries ?? []).map((entry) => (
              <tr key={entry.seq}>
                <td>{entry.seq}</td>
                <td>{formatTime(entry.time)}</td>
                <td>{entry.actor}</td>
                <td>{entry.action}</td>
                <td className="wrap">{entry.target}</td>
                <td className="wrap small">{JSON.stringify(entry.details).slice(0, 240)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager">
        {cursor && (
          <button type="button" onClick={() => setSearch({ cursor: undefined })}>
            ← Newest
          </button>
        )}
        {data?.nextCursor != null && (
          <button type="button" onClick={() => setSearch({ cursor: String(data.nextCursor) })}>
            Older →
          </button>
        )}
      </nav>
    </>
  );
}
