/** Hand-drawn SVG charts: a stacked line-area of open vulnerabilities over time and horizontal compliance bars. */

const COLORS: Record<string, string> = { critical: '#b3261e', high: '#e8710a', medium: '#f2b90c', low: '#4a89dc', unknown: '#9aa0a6' };

export interface TrendPoint {
  day: string;
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
}

const LINES = ['critical', 'high', 'medium', 'low'] as const;

export function TrendChart({ points }: { points: TrendPoint[] }) {
  const width = 640;
  const height = 200;
  const pad = { left: 40, right: 10, top: 10, bottom: 24 };
  const max = Math.max(1, ...points.flatMap((point) => LINES.map((severity) => point[severity])));
  const x = (index: number) => pad.left + (index * (width - pad.left - pad.right)) / Math.max(1, points.length - 1);
  const y = (value: number) => pad.top + (1 - value / max) * (height - pad.top - pad.bottom);
  const label = `Open vulnerabilities by severity over the last ${points.length} days`;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
        <line x1={pad.left} x2={width - pad.right} y1={y(0)} y2={y(0)} stroke="#ccc" />
        <text x={pad.left - 6} y={y(max) + 4} textAnchor="end" fontSize="10">
          {max}
        </text>
        <text x={pad.left - 6} y={y(0)} textAnchor="end" fontSize="10">
          0
        </text>
        {points.length > 0 && (
          <>
            <text x={x(0)} y={height - 6} fontSize="10">
              {points[0]?.day}
            </text>
            <text x={x(points.length - 1)} y={height - 6} fontSize="10" textAnchor="end">
              {points[points.length - 1]?.day}
            </text>
          </>
        )}
        {LINES.map((severity) => (
          <polyline key={severity} fill="none" stroke={COLORS[severity]} strokeWidth="2" points={points.map((point, index) => `${x(index)},${y(point[severity])}`).join(' ')}>
            <title>{severity}</title>
          </polyline>
        ))}
      </svg>
      <figcaption>
        {LINES.map((severity) => (
          <span key={severity} className="legend">
            <span className="swatch" style={{ background: COLORS[severity] }} /> {severity} {points[points.length - 1]?.[severity] ?? 0}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

const STATE_COLORS: Record<string, string> = { approved: '#188038', 'at-risk': '#e8710a', rejected: '#b3261e', revoked: '#6d1b7b', error: '#5f6368', received: '#9aa0a6', scanning: '#4a89dc' };
const STATE_ORDER = ['approved', 'at-risk', 'rejected', 'revoked', 'error', 'scanning', 'received'];

export function ComplianceBars({ teams }: { teams: Array<{ team: string; total: number; states: Record<string, number> }> }) {
  const rowHeight = 22;
  const width = 640;
  const labelWidth = 120;
  const height = Math.max(rowHeight, teams.length * rowHeight);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Images per team by state">
        {teams.map((team, row) => {
          let offset = labelWidth;
          return (
            <g key={team.team} transform={`translate(0, ${row * rowHeight})`}>
              <text x={labelWidth - 8} y={15} textAnchor="end" fontSize="11">
                {team.team}
              </text>
              {STATE_ORDER.filter((state) => (team.states[state] ?? 0) > 0).map((state) => {
                const w = ((team.states[state] ?? 0) / Math.max(1, team.total)) * (width - labelWidth - 10);
                const rect = <rect key={state} x={offset} y={3} width={w} height={rowHeight - 6} fill={STATE_COLORS[state]}><title>{`${team.team}: ${team.states[state]} ${state}`}</title></rect>;
                offset += w;
                return rect;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption>
        {STATE_ORDER.slice(0, 5).map((state) => (
          <span key={state} className="legend">
            <span className="swatch" style={{ background: STATE_COLORS[state] }} /> {state}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
