/** Small pieces every page uses: badges, counts, notes, paging, sortable headers. */
import type { ReactNode } from 'react';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'unknown'] as const;
export type Counts = Record<(typeof SEVERITIES)[number], number>;

export function StateBadge({ state }: { state: string }) {
  return <span className={`badge state-${state}`}>{state}</span>;
}

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`badge sev-${severity}`}>{severity}</span>;
}

export function SeverityCounts({ counts }: { counts: Partial<Counts> }) {
  const shown = SEVERITIES.filter((severity) => (counts[severity] ?? 0) > 0 && severity !== 'unknown');
  if (shown.length === 0) return <span className="muted">none</span>;
  return (
    <span className="counts">
      {shown.map((severity) => (
        <span key={severity} className={`count sev-${severity}`} title={`${counts[severity]} ${severity}`}>
          {severity[0]?.toUpperCase()}
          {counts[severity]}
        </span>
      ))}
    </span>
  );
}

export function ErrorNote({ error }: { error: Error | undefined }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error.message}
    </p>
  );
}

export function Loading({ when }: { when: boolean }) {
  return when ? <p className="muted" aria-live="polite">Loading…</p> : null;
}

export function Pager({ offset, limit, total, onChange }: { offset: number; limit: number; total: number; onChange(offset: number): void }) {
  const last = Math.min(offset + limit, total);
  return (
    <nav className="pager" aria-label="pages">
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        ← Previous
      </button>
      <span>
        {total === 0 ? 0 : offset + 1}–{last} of {total}
      </span>
      <button type="button" disabled={last >= total} onClick={() => onChange(offset + limit)}>
        Next →
      </button>
    </nav>
  );
}

/** A column header that sorts by `field`; the current sort is announced with aria-sort. */
export function SortHeader({ field, label, sort, order, onSort }: { field: string; label: string; sort: string; order: 'asc' | 'desc'; onSort(field: string, order: 'asc' | 'desc'): void }) {
  const active = sort === field;
  const next = active && order === 'desc' ? 'asc' : 'desc';
  return (
    <th aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort" onClick={() => onSort(field, next)}>
        {label} {active ? (order === 'asc' ? '▲' : '▼') : ''}
      </button>
    </th>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="panel" aria-label={title}>
      <header className="panel-head">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

export function formatTime(iso: string | number | undefined | null): string {
  if (iso === undefined || iso === null) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : date.toISOString().replace('T', ' ').slice(0, 16);
}

export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}
