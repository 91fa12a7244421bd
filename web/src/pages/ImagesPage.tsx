/**
 * Every image the user may see, filtered, sorted and paged by the server
 * (GET /api/v1/images); the filters live in the URL, so a view can be shared,
 * and the exports download exactly the filtered rows.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { queryString } from '../api';
import { ErrorNote, formatTime, Loading, Pager, SeverityCounts, SortHeader, StateBadge, type Counts } from '../components/ui';
import { Link, useSearch } from '../router';
import { useApi } from '../use-api';

export interface ImageSummary {
  id: string;
  repository: string;
  digest: string;
  team: string;
  tags: string[];
  state: string;
  counts: Counts;
  receivedAt?: string;
  decidedAt?: string;
}

const PAGE = 50;
const STATES = ['approved', 'rejected', 'at-risk', 'revoked', 'error', 'scanning', 'received'];
const AGES: Array<{ label: string; value: string }> = [
  { label: 'any age', value: '' },
  { label: 'pushed in the last 24 h', value: 'newerThan:24h' },
  { label: 'pushed in the last 7 days', value: 'newerThan:7d' },
  { label: 'pushed in the last 30 days', value: 'newerThan:30d' },
  { label: 'older than 30 days', value: 'olderThan:30d' },
  { label: 'older than 90 days', value: 'olderThan:90d' },
];
const FILTER_KEYS = ['team', 'q', 'state', 'severity', 'vulnerability', 'package', 'newerThan', 'olderThan'] as const;
const TEXT_KEYS = ['team', 'q', 'vulnerability', 'package'] as const;

export function ImagesPage() {
  const [search, setSearch] = useSearch();
  const filters = Object.fromEntries(FILTER_KEYS.map((key) => [key, search.get(key) ?? undefined])) as Record<(typeof FILTER_KEYS)[number], string | undefined>;
  const sort = search.get('sort') ?? 'received';
  const order = (search.get('order') ?? 'desc') as 'asc' | 'desc';
  const offset = Number(search.get('offset') ?? 0) || 0;
  const filterQuery = queryString({ ...filters, sort, order });
  const { data, error, loading } = useApi<{ images: ImageSummary[]; total: number }>(`/images${queryString({ ...filters, sort, order, limit: PAGE, offset })}`);
  // Suggestions for the team filter: the teams, and `mirror` for mirrored public images.
  const teams = useApi<{ teams: Array<{ name: string }> }>('/teams');
  const [draft, setDraft] = useState<Record<string, string>>({});
  useEffect(() => setDraft(Object.fromEntries(TEXT_KEYS.map((key) => [key, search.get(key) ?? '']))), [search]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setSearch({ ...draft, offset: undefined });
  };
  const age = filters.newerThan ? `newerThan:${filters.newerThan}` : filters.olderThan ? `olderThan:${filters.olderThan}` : '';
  const exportHref = (format: string) => `/api/v1/images/export${filterQuery}${filterQuery ? '&' : '?'}format=${format}`;

  return (
    <>
      <h1>Images</h1>
      <form className="filters" onSubmit={apply} aria-label="filters">
        <label>
          Team
          <input name="team" list="team-names" value={draft.team ?? ''} onChange={(event) => setDraft({ ...draft, team: event.target.value })} />
          <datalist id="team-names">
            {[...(teams.data?.teams ?? []).map((team) => team.name), 'mirror'].map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </label>
        <label>
          Repository
          <input name="q" placeholder="contains…" value={draft.q ?? ''} onChange={(event) => setDraft({ ...draft, q: event.target.value })} />
        </label>
        <label>
          Vulnerability
          <input name="vulnerability" placeholder="CVE-… or GHSA-…" value={draft.vulnerability ?? ''} onChange={(event) => setDraft({ ...draft, vulnerability: event.target.value })} />
        </label>
        <label>
          Package
          <input name="package" placeholder="e.g. openssl" value={draft.package ?? ''} onChange={(event) => setDraft({ ...draft, package: event.target.value })} />
        </label>
        <label>
          State
          <select name="state" value={filters.state ?? ''} onChange={(event) => setSearch({ state: event.target.value, offset: undefined })}>
            <option value="">any state</option>
            {STATES.map((state) => (
              <option key={state} value={state}>
                {state}
              </option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select name="severity" value={filters.severity ?? ''} onChange={(event) => setSearch({ severity: event.target.value, offset: undefined })}>
            <option value="">any</option>
            <option value="critical">critical</option>
            <option value="high">high or worse</option>
            <option value="medium">medium or worse</option>
            <option value="low">low or worse</option>
          </select>
        </label>
        <label>
          Age
          <select
            name="age"
            value={age}
            onChange={(event) => {
              const [key, value] = event.target.value.split(':');
              setSearch({ newerThan: key === 'newerThan' ? value : undefined, olderThan: key === 'olderThan' ? value : undefined, offset: undefined });
            }}
          >
            {AGES.map((entry) => (
              <option key={entry.value} value={entry.value}>
                {entry.label}
              </option>
            ))}
          </select>
        </label>
        <div className="filter-actions">
          <button type="submit">Apply</button>
          <button type="button" onClick={() => setSearch(Object.fromEntries(FILTER_KEYS.map((key) => [key, undefined])))}>
            Clear
          </button>
        </div>
      </form>
      <div className="toolbar">
        <span data-testid="total">{data ? `${data.total} image${data.total === 1 ? '' : 's'}` : ''}</span>
        <span>
          Export: <a href={exportHref('csv')} download data-testid="export-csv">CSV</a> · <a href={exportHref('json')} download data-testid="export-json">JSON</a>
        </span>
      </div>
      <ErrorNote error={error} />
      <Loading when={loading && !data} />
      {data && (
        <>
          <div className="table-wrap">
            <table data-testid="images-table">
              <thead>
                <tr>
                  <SortHeader field="repository" label="Repository" sort={sort} order={order} onSort={(field, next) => setSearch({ sort: field, order: next })} />
                  <th>Tags</th>
                  <SortHeader field="team" label="Team" sort={sort} order={order} onSort={(field, next) => setSearch({ sort: field, order: next })} />
                  <SortHeader field="state" label="State" sort={sort} order={order} onSort={(field, next) => setSearch({ sort: field, order: next })} />
                  <SortHeader field="severity" label="Vulnerabilities" sort={sort} order={order} onSort={(field, next) => setSearch({ sort: field, order: next })} />
                  <SortHeader field="received" label="Pushed" sort={sort} order={order} onSort={(field, next) => setSearch({ sort: field, order: next })} />
                  <SortHeader field="decided" label="Decided" sort={sort} order={order} onSort={(field, next) => setSearch({ sort: field, order: next })} />
                </tr>
              </thead>
              <tbody>
                {data.images.map((image) => (
                  <tr key={image.id} data-state={image.state}>
                    <td>
                      <Link to={`/images/${image.id}`}>{image.repository}</Link>
                    </td>
                    <td>{image.tags.join(', ') || <span className="muted">{image.digest.slice(7, 19)}</span>}</td>
                    <td>{image.team}</td>
                    <td>
                      <StateBadge state={image.state} />
                    </td>
                    <td>
                      <SeverityCounts counts={image.counts} />
                    </td>
                    <td>{formatTime(image.receivedAt)}</td>
                    <td>{formatTime(image.decidedAt)}</td>
                  </tr>
                ))}
                {data.images.length === 0 && (
                  <tr>
                    <td colSpan={7} className="muted">
                      No image matches these filters.
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          <Pager offset={offset} limit={PAGE} total={data.total} onChange={(next) => setSearch({ offset: next ? String(next) : undefined })} />
        </>
      )}
    </>
  );
}
