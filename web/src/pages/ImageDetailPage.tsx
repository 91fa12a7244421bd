/**
 * One image: its verdict and why, findings with their status, packages (SBOM
 * downloads), layers, history of states and decisions, and the HTML report.
 */
import { useEffect, useMemo, useState } from 'react';
import { ErrorNote, formatTime, Loading, Section, SeverityCounts, shortDigest, StateBadge } from '../components/ui';
import { Link } from '../router';
import { useSignedIn } from '../session';
import { useApi } from '../use-api';
import { FindingsTable } from './FindingsTable';
import type { Finding, ImageDetail } from './image-detail-types';

const TABS = ['findings', 'packages', 'layers', 'history', 'report'] as const;
type Tab = (typeof TABS)[number];

export function ImageDetailPage({ id }: { id: string }) {
  const session = useSignedIn();
  const image = useApi<ImageDetail>(`/images/${encodeURIComponent(id)}`);
  const findings = useApi<{ findings: Finding[] }>(`/images/${encodeURIComponent(id)}/findings`);
  const [tab, setTab] = useState<Tab>('findings');
  const [watching, setWatching] = useState(0);
  const { reload: reloadImage } = image;
  const { reload: reloadFindings } = findings;
  // After an exception is created the image is judged again within moments: look again for a while.
  useEffect(() => {
    if (watching === 0) return;
    const timer = setTimeout(() => {
      reloadImage();
      reloadFindings();
      setWatching((n) => (n > 0 ? n - 1 : 0));
    }, 1000);
    return () => clearTimeout(timer);
  }, [watching, reloadImage, reloadFindings]);
  const data = image.data;
  if (!data) return <><ErrorNote error={image.error} /><Loading when={image.loading} /></>;
  const base = `/api/v1/images/${encodeURIComponent(id)}/report`;
  return (
    <>
      <p className="crumbs">
        <Link to="/images">Images</Link> / {data.team}
      </p>
      <h1>
        {data.repository}
        {data.tags.length > 0 ? `:${data.tags.join(', ')}` : ''} <StateBadge state={data.state} />
      </h1>
      <dl className="facts">
        <dt>Digest</dt>
        <dd title={data.digest}>{shortDigest(data.digest)}</dd>
        <dt>Team</dt>
        <dd>{data.team}</dd>
        <dt>Pushed</dt>
        <dd>{formatTime(data.receivedAt)}</dd>
        <dt>Decided</dt>
        <dd>{formatTime(data.decidedAt)}</dd>
        <dt>Policy</dt>
        <dd>{data.policyVersion ?? '—'}</dd>
        <dt>Vulnerabilities</dt>
        <dd>
          <SeverityCounts counts={data.summary?.vulnerabilities ?? {}} />
        </dd>
        {data.revokeAt && (
          <>
            <dt>Revoked at</dt>
            <dd>{formatTime(data.revokeAt)}</dd>
          </>
        )}
      </dl>
      <Section title="Verdict">
        <Verdict image={data} />
      </Section>
      <div role="tablist" aria-label="image details" className="tabs">
        {TABS.map((name) => (
          <button key={name} role="tab" type="button" aria-selected={tab === name} aria-controls={`tab-${name}`} onClick={() => setTab(name)}>
            {name[0]?.toUpperCase()}
            {name.slice(1)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tab-${tab}`} className="panel">
        {tab === 'findings' && (
          <>
            <ErrorNote error={findings.error} />
            {findings.data && (
              <FindingsTable
                findings={findings.data.findings}
                canAccept={session.capabilities.manageExceptions}
                team={data.team}
                repository={data.repository}
                onAccepted={() => {
                  findings.reload();
                  image.reload();
                  setWatching(20);
                }}
              />
            )}
          </>
        )}
        {tab === 'packages' && <Packages id={id} base={base} />}
        {tab === 'layers' && <Layers image={data} />}
        {tab === 'history' && <History image={data} />}
        {tab === 'report' && (data.reports ? <iframe title="HTML report" className="report" sandbox="allow-scripts" src={`${base}?format=html`} /> : <p className="muted">No report yet: reports are written when the gate judges an image.</p>)}
      </div>
    </>
  );
}

function Verdict({ image }: { image: ImageDetail }) {
  if (image.state === 'error') return <p className="error">The scan failed: {image.error}</p>;
  if (image.reasons.length === 0) return <p>{image.state === 'approved' ? 'Approved: no rule of the policy objects to this image.' : `State ${image.state}.`}</p>;
  return (
    <ul className="reasons" data-testid="reasons">
      {image.reasons.map((reason, index) => (
        <li key={index}>
          <strong>{reason.rule}</strong>: {reason.message}
          {reason.vulnerability && (
            <>
              {' '}
              (<Link to={`/vulnerabilities/${encodeURIComponent(reason.vulnerability)}`}>{reason.vulnerability}</Link>
              {reason.fixedVersion ? `, fixed in ${reason.fixedVersion}` : ''})
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

interface ReportPackage {
  name: string;
  version: string;
  type: string;
  licenses?: string[];
  layer?: string;
  path: string;
}

function Packages({ id, base }: { id: string; base: string }) {
  const report = useApi<{ packages: ReportPackage[] }>(`/images/${encodeURIComponent(id)}/report?format=json`);
  const [text, setText] = useState('');
  const shown = useMemo(() => (report.data?.packages ?? []).filter((pkg) => !text || pkg.name.toLowerCase().includes(text.toLowerCase())), [report.data, text]);
  return (
    <>
      <p className="toolbar">
        <span>
          Download SBOM: <a href={`${base}?format=cyclonedx`}>CycloneDX</a> · <a href={`${base}?format=spdx`}>SPDX</a> · <a href={`${base}?format=json`}>scan JSON</a> · <a href={`${base}?format=sarif`}>SARIF</a>
        </span>
        <label>
          Find <input value={text} onChange={(event) => setText(event.target.value)} aria-label="filter packages" />
        </label>
      </p>
      <ErrorNote error={report.error} />
      <Loading when={report.loading} />
      {report.data && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Package</th>
                <th>Version</th>
                <th>Type</th>
                <th>Licences</th>
                <th>Layer</th>
              </tr>
            </thead>
            <tbody>
              {shown.slice(0, 1000).map((pkg, index) => (
                <tr key={`${pkg.type}|${pkg.name}|${pkg.version}|${index}`}>
                  <td>{pkg.name}</td>
                  <td>{pkg.version}</td>
                  <td>{pkg.type}</td>
                  <td>{pkg.licenses?.join(', ') ?? ''}</td>
                  <td className="muted">{pkg.layer ? shortDigest(pkg.layer) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length > 1000 && <p className="muted">First 1000 of {shown.length}; narrow with Find or download the SBOM.</p>}
        </div>
      )}
    </>
  );
}

function Layers({ image }: { image: ImageDetail }) {
  const platforms = image.summary?.platforms ?? [];
  if (platforms.length === 0) return <p className="muted">No layers recorded.</p>;
  return (
    <>
      {platforms.map((platform) => (
        <div key={platform.digest}>
          <h3>{platform.platform ?? 'image'} <span className="muted small">{shortDigest(platform.digest)}</span></h3>
          <ol className="layers">
            {(platform.layers ?? []).map((layer) => (
              <li key={layer}>
                <code>{layer}</code>
              </li>
            ))}
          </ol>
        </div>
      ))}
    </>
  );
}

function History({ image }: { image: ImageDetail }) {
  return (
    <table>
      <thead>
        <tr>
          <th>When</th>
          <th>Change</th>
          <th>Cause</th>
          <th>Why</th>
        </tr>
      </thead>
      <tbody>
        {[...image.history].reverse().map((entry, index) => (
          <tr key={index}>
            <td>{formatTime(entry.at)}</td>
            <td>
              {entry.from ? <StateBadge state={entry.from} /> : 'new'} → <StateBadge state={entry.to} />
            </td>
            <td>{entry.cause}</td>
            <td>{entry.detail?.reasons?.map((reason) => reason.message).slice(0, 3).join('; ') ?? entry.detail?.error ?? (entry.detail?.tag ? `tag ${entry.detail.tag}` : '')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
