/**
 * The org and team policies: read, edit with validation errors inline,
 * preview the impact before applying, and every version with its diff.
 */
import { useEffect, useState } from 'react';
import { api, ApiFailure } from '../api';
import { lineDiff } from '../components/line-diff';
import { ErrorNote, formatTime, Loading, Section, StateBadge } from '../components/ui';
import { useSearch } from '../router';
import { useSignedIn } from '../session';
import { useApi } from '../use-api';

interface PolicyVersion {
  scope: string;
  team?: string;
  name: string;
  version: number;
  text?: string;
  createdBy: string;
  createdAt: number;
}

interface Impact {
  examined: number;
  revocations: Array<{ repository: string; team: string; tags: string[]; state: string; becomes: string; reasons: Array<{ message: string }> }>;
  approvals: Array<{ repository: string; team: string; tags: string[]; state: string; becomes: string }>;
  unknown: Array<{ repository: string }>;
}

interface Issue {
  path?: string | Array<string | number>;
  line?: number;
  column?: number;
  message: string;
}

export function PoliciesPage() {
  const session = useSignedIn();
  const [search, setSearch] = useSearch();
  const list = useApi<{ policies: PolicyVersion[] }>('/policies');
  const team = search.get('team') ?? undefined;
  const base = team ? `/policies/teams/${encodeURIComponent(team)}` : '/policies/org';
  const current = useApi<PolicyVersion>(base);
  const history = useApi<{ versions: PolicyVersion[] }>(`${base}/history`);
  const canApply = team === undefined ? session.capabilities.applyOrgPolicy : session.capabilities.applyTeamPolicies === null || session.capabilities.applyTeamPolicies.includes(team);
  const [text, setText] = useState('');
  const [issues, setIssues] = useState<Issue[]>([]);
  const [message, setMessage] = useState<string>();
  const [impact, setImpact] = useState<Impact>();
  const [diffText, setDiffText] = useState<string>();
  const [failure, setFailure] = useState<Error>();
  const [selected, setSelected] = useState<number>();
  useEffect(() => {
    setText(current.data?.text ?? '');
    setImpact(undefined);
    setIssues([]);
    setMessage(undefined);
  }, [current.data]);

  const run = async (what: () => Promise<void>) => {
    setFailure(undefined);
    setMessage(undefined);
    try {
      await what();
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 422) {
        setIssues(((error.detail as { issues?: Issue[] } | undefined)?.issues ?? [{ message: error.message }]) as Issue[]);
        setImpact(undefined);
      } else setFailure(error instanceof Error ? error : new Error(String(error)));
    }
  };
  const validate = () =>
    run(async () => {
      await api('POST', '/policies/validate', { text });
      setIssues([]);
      setMessage('The policy is valid.');
    });
  const preview = () =>
    run(async () => {
      const [result, diff] = await Promise.all([api<Impact>('POST', '/policies/preview', { text }), api<{ rendered: string; identical: boolean }>('POST', '/policies/diff', { text })]);
      setIssues([]);
      setImpact(result);
      setDiffText(diff.identical ? 'No change against the policy in force.' : diff.rendered);
    });
  const apply = () =>
    run(async () => {
      const applied = await api<PolicyVersion & { changed: boolean }>('PUT', base, { text, expectedVersion: current.data?.version ?? 0 });
      setMessage(applied.changed ? `Applied as version ${applied.version}; affected images are being judged again.` : 'Nothing changed: this text is already in force.');
      current.reload();
      history.reload();
    });

  const teams = (list.data?.policies ?? []).filter((policy) => policy.team).map((policy) => policy.team as string);
  return (
    <>
      <h1>Policies</h1>
      <div className="filters">
        <label>
          Policy
          <select value={team ?? ''} onChange={(event) => setSearch({ team: event.target.value || undefined })}>
            <option value="">organisation</option>
            {teams.map((name) => (
              <option key={name} value={name}>
                team {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={current.error} />
      <Loading when={current.loading && !current.data} />
      {current.data && (
        <Section title={`${current.data.name} — version ${current.data.version}`} actions={<span className="muted">applied by {current.data.createdBy}, {formatTime(current.data.createdAt)}</span>}>
          {canApply ? (
            <>
              <textarea className="policy" aria-label="policy YAML" value={text} spellCheck={false} onChange={(event) => setText(event.target.value)} rows={Math.min(30, Math.max(10, text.split('\n').length + 1))} />
              <div className="filter-actions" data-testid="policy-actions">
                <button type="button" onClick={() => void validate()}>
                  Validate
                </button>
                <button type="button" onClick={() => void preview()}>
                  Preview impact
                </button>
                <button type="button" onClick={() => void apply()} disabled={!impact}>
                  Apply
                </button>
                {!impact && <span className="muted small">Preview the impact before applying.</span>}
              </div>
            </>
          ) : (
            <pre className="policy" data-testid="policy-text">{current.data.text}</pre>
          )}
          {issues.length > 0 && (
            <ul className="error issues" role="alert">
              {issues.map((issue, index) => (
                <li key={index}>
                  {issue.line !== undefined && `line ${issue.line}${issue.column !== undefined ? `:${issue.column}` : ''} `}
                  {issue.path !== undefined && <code>{Array.isArray(issue.path) ? issue.path.join('.') : issue.path}</code>} {issue.message}
                </li>
              ))}
            </ul>
          )}
          {message && <p className="ok" role="status">{message}</p>}
          <ErrorNote error={failure} />
          {impact && (
            <div className="impact" data-testid="impact">
              <h3>Impact on {impact.examined} judged images</h3>
              {diffText && <pre className="diff">{diffText}</pre>}
              <p>
                <strong>{impact.revocations.length}</strong> approved image(s) would be revoked (after the grace period); <strong>{impact.approvals.length}</strong> rejected image(s) would be approved
                {impact.unknown.length > 0 ? `; ${impact.unknown.length} need a new scan first` : ''}.
              </p>
              <ImpactList title="Would be revoked" images={impact.revocations} />
              <ImpactList title="Would be approved" images={impact.approvals} />
            </div>
          )}
        </Section>
      )}
      <Section title="History">
        <ErrorNote error={history.error} />
        <table>
          <thead>
            <tr>
              <th>Version</th>
              <th>Applied</th>
              <th>By</th>
              <th>Changes</th>
            </tr>
          </thead>
          <tbody>
            {(history.data?.versions ?? []).map((version) => (
              <tr key={version.version}>
                <td>{version.version}</td>
                <td>{formatTime(version.createdAt)}</td>
                <td>{version.createdBy}</td>
                <td>
                  <button type="button" onClick={() => setSelected(selected === version.version ? undefined : version.version)} aria-expanded={selected === version.version}>
                    {selected === version.version ? 'Hide diff' : 'Show diff'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {selected !== undefined && <VersionDiff base={base} version={selected} />}
      </Section>
    </>
  );
}

function ImpactList({ title, images }: { title: string; images: Array<{ repository: string; team: string; tags: string[]; state: string; becomes: string }> }) {
  if (images.length === 0) return null;
  return (
    <>
      <h4>{title}</h4>
      <ul>
        {images.slice(0, 200).map((image) => (
          <li key={`${image.repository}|${image.tags.join(',')}`}>
            {image.repository}:{image.tags.join(', ')} <StateBadge state={image.state} /> → <StateBadge state={image.becomes} />
          </li>
        ))}
      </ul>
    </>
  );
}

function VersionDiff({ base, version }: { base: string; version: number }) {
  const after = useApi<PolicyVersion>(`${base}/versions/${version}`);
  const before = useApi<PolicyVersion>(version > 1 ? `${base}/versions/${version - 1}` : undefined);
  if (!after.data || (version > 1 && !before.data)) return <Loading when />;
  const lines = lineDiff(before.data?.text ?? '', after.data.text ?? '');
  return (
    <pre className="diff" aria-label={`changes in version ${version}`}>
      {lines.map((line, index) => (
        <span key={index} className={line.kind === '+' ? 'add' : line.kind === '-' ? 'del' : ''}>
          {line.kind} {line.text}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
