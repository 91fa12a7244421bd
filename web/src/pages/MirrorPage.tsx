/** The mirror catalog's sync status and the update advisor; servers without a mirror answer 404. */
import { ApiFailure } from '../api';
import { ErrorNote, formatTime, Loading, Section, StateBadge } from '../components/ui';
import { useApi } from '../use-api';

interface Status {
  entries: Array<{ source: string; mirrorRepository: string; error?: string; tags: Array<{ tag: string; sync: string; state?: string; held: boolean; digest?: string; syncedAt?: string; error?: string }> }>;
}

type SeverityCounts = { critical?: number; high?: number; medium?: number; low?: number };

interface Outdated {
  entries: Array<{ source: string; current?: string; candidates: Array<{ tag: string; state: string; held: boolean; fixes?: SeverityCounts; introduces?: SeverityCounts }> }>;
}

/** Deltas exist once the candidate was scanned. */
const counts = (value: SeverityCounts | undefined) => (value ? `${value.critical ?? 0} critical, ${value.high ?? 0} high, ${value.medium ?? 0} medium, ${value.low ?? 0} low` : 'not scanned yet');

export function MirrorPage() {
  const status = useApi<Status>('/mirror/status');
  const outdated = useApi<Outdated>('/mirror/outdated');
  const missing = status.error instanceof ApiFailure && status.error.status === 404;
  return (
    <>
      <h1>Mirror</h1>
      {missing ? (
        <p className="muted" data-testid="mirror-missing">
          The mirror is not configured on this server.
        </p>
      ) : (
        <>
          <ErrorNote error={status.error} />
          <Loading when={status.loading} />
          <Section title="Catalog">
            <table data-testid="mirror-table">
              <thead>
                <tr>
                  <th>Source</th>
                  <th>Mirror repository</th>
                  <th>Tag</th>
                  <th>State</th>
                  <th>Synced</th>
                  <th>Error</th>
                </tr>
              </thead>
              <tbody>
                {(status.data?.entries ?? []).flatMap((entry) =>
                  (entry.tags.length > 0 ? entry.tags : [{ tag: '—', sync: entry.error ? 'failed' : 'queued', held: false, error: entry.error }]).map((tag) => (
                    <tr key={`${entry.source}|${tag.tag}`}>
                      <td>{entry.source}</td>
                      <td>{entry.mirrorRepository}</td>
                      <td>{tag.tag}</td>
                      <td>
                        <StateBadge state={tag.state ?? tag.sync} />
                        {tag.held ? ' held' : ''}
                      </td>
                      <td>{formatTime(tag.syncedAt)}</td>
                      <td className="wrap">{tag.error ?? ''}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </Section>
          <Section title="Update advisor">
            {!(outdated.error instanceof ApiFailure && outdated.error.status === 404) && <ErrorNote error={outdated.error} />}
            <table>
              <thead>
                <tr>
                  <th>Source</th>
                  <th>Current</th>
                  <th>Candidate</th>
                  <th>State</th>
                  <th>Fixes</th>
                  <th>Introduces</th>
                </tr>
              </thead>
              <tbody>
                {(outdated.data?.entries ?? []).flatMap((entry) =>
                  entry.candidates.map((candidate) => (
                    <tr key={`${entry.source}|${candidate.tag}`}>
                      <td>{entry.source}</td>
                      <td>{entry.current ?? '—'}</td>
                      <td>{candidate.tag}</td>
                      <td>
                        <StateBadge state={candidate.state} />
                        {candidate.held ? ' held' : ''}
                      </td>
                      <td>{counts(candidate.fixes)}</td>
                      <td>{counts(candidate.introduces)}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </Section>
        </>
      )}
    </>
  );
}
