/** The fleet at a glance: counts by state, compliance per team, the trend, what approved images newly carry, DB freshness. */
import { ComplianceBars, TrendChart, type TrendPoint } from '../components/charts';
import { ErrorNote, formatTime, Loading, Section, SeverityBadge, StateBadge } from '../components/ui';
import { Link } from '../router';
import { useApi } from '../use-api';

interface Overview {
  states: Record<string, number>;
  total: number;
  teams: Array<{ team: string; total: number; states: Record<string, number> }>;
  trend: TrendPoint[];
  newestInApproved: Array<{ imageId: string; repository: string; team: string; state: string; vulnerabilityId: string; packageName: string; installedVersion: string; fixedVersion: string | null; severity: string; firstSeenAt: string }>;
  database: { advisories: number; lastUpdatedAt?: string; lastCheckedAt?: string };
}

const CARDS = [
  { state: 'approved', label: 'Approved' },
  { state: 'rejected', label: 'Rejected' },
  { state: 'at-risk', label: 'At risk' },
  { state: 'revoked', label: 'Revoked' },
];

export function OverviewPage() {
  const { data, error, loading } = useApi<Overview>('/overview');
  if (!data) return <><h1>Overview</h1><ErrorNote error={error} /><Loading when={loading} /></>;
  const stale = !data.database.lastUpdatedAt || Date.now() - Date.parse(data.database.lastUpdatedAt) > 2 * 86_400_000;
  return (
    <>
      <h1>Overview</h1>
      <div className="cards">
        {CARDS.map((card) => (
          <Link key={card.state} to={`/images?state=${card.state}`} className={`card state-${card.state}`}>
            <span className="card-value" data-testid={`count-${card.state}`}>{data.states[card.state] ?? 0}</span>
            <span>{card.label}</span>
          </Link>
        ))}
        <div className={`card ${stale ? 'stale' : ''}`}>
          <span className="card-value small">{data.database.advisories.toLocaleString()} advisories</span>
          <span>Vulnerability DB updated {data.database.lastUpdatedAt ? formatTime(data.database.lastUpdatedAt) : 'never'}</span>
        </div>
      </div>
      <div className="grid-2">
        <Section title="Compliance per team">
          <ComplianceBars teams={data.teams} />
          <table>
            <thead>
              <tr>
                <th>Team</th>
                <th>Images</th>
                <th>Approved</th>
                <th>Rejected</th>
                <th>At risk</th>
                <th>Revoked</th>
                <th>Compliance</th>
              </tr>
            </thead>
            <tbody>
              {data.teams.map((team) => {
                const approved = team.states.approved ?? 0;
                const decided = approved + (team.states.rejected ?? 0) + (team.states['at-risk'] ?? 0) + (team.states.revoked ?? 0);
                return (
                  <tr key={team.team}>
                    <td>
                      <Link to={`/images?team=${encodeURIComponent(team.team)}`}>{team.team}</Link>
                    </td>
                    <td>{team.total}</td>
                    <td>{approved}</td>
                    <td>{team.states.rejected ?? 0}</td>
                    <td>{team.states['at-risk'] ?? 0}</td>
                    <td>{team.states.revoked ?? 0}</td>
                    <td>{decided === 0 ? '—' : `${Math.round((approved / decided) * 100)} %`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Section>
        <Section title="Open vulnerabilities by severity">
          <TrendChart points={data.trend} />
        </Section>
      </div>
      <Section title="Newest vulnerabilities in approved images">
        {data.newestInApproved.length === 0 ? (
          <p className="muted">None: no approved image has gained a vulnerability since it was approved.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Found</th>
                <th>Vulnerability</th>
                <th>Severity</th>
                <th>Image</th>
                <th>Package</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {data.newestInApproved.map((finding) => (
                <tr key={`${finding.imageId}|${finding.vulnerabilityId}|${finding.packageName}`}>
                  <td>{formatTime(finding.firstSeenAt)}</td>
                  <td>
                    <Link to={`/vulnerabilities/${encodeURIComponent(finding.vulnerabilityId)}`}>{finding.vulnerabilityId}</Link>
                  </td>
                  <td>
                    <SeverityBadge severity={finding.severity} />
                  </td>
                  <td>
                    <Link to={`/images/${finding.imageId}`}>{finding.repository}</Link>
                  </td>
                  <td>
                    {finding.packageName} {finding.installedVersion}
                    {finding.fixedVersion ? ` → ${finding.fixedVersion}` : ''}
                  </td>
                  <td>
                    <StateBadge state={finding.state} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
