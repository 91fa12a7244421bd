/** One image's findings: filter by text, severity and status; sort; accept one in place (security). */
import { Fragment, useMemo, useState } from 'react';
import { SeverityBadge, SortHeader, formatTime } from '../components/ui';
import { Link } from '../router';
import { AcceptForm } from './AcceptForm';
import { SEVERITY_ORDER, type Finding } from './image-detail-types';

type SortKey = 'severity' | 'id' | 'package' | 'status';

export function FindingsTable({ findings, canAccept, team, repository, onAccepted }: { findings: Finding[]; canAccept: boolean; team: string; repository: string; onAccepted(): void }) {
  const [text, setText] = useState('');
  const [severity, setSeverity] = useState('');
  const [status, setStatus] = useState('');
  const [sort, setSort] = useState<SortKey>('severity');
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const [accepting, setAccepting] = useState<string>();
  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    const filtered = findings.filter(
      (finding) =>
        (!needle || [finding.id, ...finding.aliases, finding.package].some((value) => value.toLowerCase().includes(needle))) &&
        (!severity || finding.severity === severity) &&
        (!status || finding.status === status),
    );
    const key = (finding: Finding): string | number => (sort === 'severity' ? (SEVERITY_ORDER[finding.severity] ?? 0) * 100 + (finding.score ?? 0) : sort === 'id' ? finding.id : sort === 'package' ? finding.package : finding.status);
    return filtered.sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const compared = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return order === 'asc' ? compared : -compared;
    });
  }, [findings, text, severity, status, sort, order]);
  const onSort = (field: string, next: 'asc' | 'desc') => {
    setSort(field as SortKey);
    setOrder(next);
  };
  return (
    <>
      <div className="filters compact" role="search">
        <label>
          Find
          <input value={text} onChange={(event) => setText(event.target.value)} placeholder="id, alias or package" aria-label="filter findings" />
        </label>
        <label>
          Severity
          <select value={severity} onChange={(event) => setSeverity(event.target.value)}>
            <option value="">any</option>
            {Object.keys(SEVERITY_ORDER).map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">any</option>
            <option value="denied">denied</option>
            <option value="excepted">accepted (exception)</option>
            <option value="allowed">allowed by policy</option>
          </select>
        </label>
        <span className="muted">
          {shown.length} of {findings.length}
        </span>
      </div>
      <div className="table-wrap">
        <table data-testid="findings-table">
          <thead>
            <tr>
              <SortHeader field="id" label="Vulnerability" sort={sort} order={order} onSort={onSort} />
              <SortHeader field="package" label="Package" sort={sort} order={order} onSort={onSort} />
              <th>Installed</th>
              <th>Fixed in</th>
              <SortHeader field="severity" label="Severity" sort={sort} order={order} onSort={onSort} />
              <SortHeader field="status" label="Status" sort={sort} order={order} onSort={onSort} />
              {canAccept && <th>Action</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((finding) => {
              const key = `${finding.id}|${finding.purl}|${finding.platform ?? ''}`;
              return (
                <Fragment key={key}>
                  <tr data-finding={finding.id}>
                    <td>
                      <Link to={`/vulnerabilities/${encodeURIComponent(finding.id)}`}>{finding.id}</Link>
                      {finding.aliases.length > 0 && <div className="muted small">{finding.aliases.slice(0, 3).join(', ')}</div>}
                    </td>
                    <td>
                      {finding.package} <span className="muted small">{finding.packageType}</span>
                    </td>
                    <td>{finding.installedVersion}</td>
                    <td>{finding.fixedVersion ?? <span className="muted">no fix</span>}</td>
                    <td>
                      <SeverityBadge severity={finding.severity} /> {finding.score !== undefined && <span className="muted small">{finding.score.toFixed(1)}</span>}
                    </td>
                    <td>
                      {finding.status === 'denied' && <span className="status-denied">denied by {finding.rules.join(', ')}</span>}
                      {finding.status === 'excepted' && <span className="status-excepted">accepted until {formatTime(finding.exception?.expiresAt).slice(0, 10)}</span>}
                      {finding.status === 'allowed' && <span className="muted">allowed</span>}
                    </td>
                    {canAccept && (
                      <td>
                        {finding.status !== 'excepted' && (
                          <button type="button" onClick={() => setAccepting(accepting === key ? undefined : key)} aria-expanded={accepting === key}>
                            Accept…
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                  {accepting === key && (
                    <tr>
                      <td colSpan={7}>
                        <AcceptForm
                          vulnerability={finding.id}
                          pkg={finding.package}
                          team={team}
                          repository={repository}
                          onCancel={() => setAccepting(undefined)}
                          onDone={() => {
                            setAccepting(undefined);
                            onAccepted();
                          }}
                        />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
