import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Finding, Package } from '../../scan/index.js';
import type { ImageVerdict, PlatformFacts } from '../judge-image.js';
import type { ImageRow } from '../store/image-store.js';
import { ReportWriter, type ReportRequest } from './report-writer.js';

const pkg = (name: string, layer: string): Package => ({ name, version: '1.0.0', type: 'npm', purl: `pkg:npm/${name}@1.0.0`, path: `/app/node_modules/${name}/package.json`, layer });
const finding = (id: string, name: string): Finding => ({ id, aliases: [], package: name, packageType: 'npm', purl: `pkg:npm/${name}@1.0.0`, path: `/app/node_modules/${name}/package.json`, installedVersion: '1.0.0', fixedVersion: '1.0.1', severity: 'critical', source: 'ghsa' });
const facts = (platform: string, packages: Package[], findings: Finding[]): PlatformFacts => ({ digest: `sha256:${platform}`, platform, packages, findings, incompleteLayers: [], config: undefined, layers: ['sha256:base', `sha256:${platform}`], errors: ['odd file'] });

const image: ImageRow = {
  id: 'image-1', repository: 'quarantine/acme/app', digest: 'sha256:abc', team: 'acme', mediaType: 'application/vnd.oci.image.index.v1+json', tags: '["1.0"]',
  state: 'rejected', reasons: '[]', evaluation: null, summary: null, policyVersion: 'org@1', dbVersion: null, error: null, reportDigest: null, htmlReportDigest: null,
  receivedAt: 0, decidedAt: 0, approvedAt: null, failingSince: null, revokeAt: null, revokedAt: null, updatedAt: 0,
};

function verdictOf(findings: Finding[], reasons: ImageVerdict['reasons'] = []): ImageVerdict {
  return { outcome: reasons.length > 0 ? 'fail' : 'pass', reasons, warnings: [], gracePeriodMs: 0, policyVersion: 'org@1', platforms: [{ digest: 'sha256:amd64', findings, evaluation: {} }], summary: { packages: 1, vulnerabilities: {}, platforms: [] } };
}

/** A writer over an in-memory blob store; `stored` lists what it wrote, in order. */
function writer(storeBlob: (content: Buffer) => Promise<{ digest: string; size: number }>): { writer: ReportWriter; stored: string[] } {
  const stored: string[] = [];
  const blobs = new Map<string, string>();
  const store = async (content: Buffer) => {
    stored.push(content.toString('utf8'));
    const blob = await storeBlob(content);
    blobs.set(blob.digest, content.toString('utf8'));
    return blob;
  };
  const read = async (digest: string) => Readable.from([blobs.get(digest) ?? '']);
  return { writer: new ReportWriter({ storeBlob: store, store: { read }, scannerVersion: 'test', publicUrl: 'https://airlock.example', log: pino({ level: 'silent' }) }), stored };
}

const okBlob = async (content: Buffer) => ({ digest: `sha256:${createHash('sha256').update(content).digest('hex')}`, size: content.length });

describe('ReportWriter', () => {
  const request = (over: Partial<ReportRequest>): ReportRequest => ({ image, verdict: verdictOf([]), state: 'approved', decidedAt: Date.UTC(2025, 0, 2), initial: true, facts: [facts('linux/amd64', [pkg('minimist', 'x')], [])], ...over });

  it('stores the JSON report and the HTML page with the verdict, and links them by image id', async () => {
    const { writer: w, stored } = writer(okBlob);
    const reasons = [{ rule: 'no-critical', message: 'critical vulnerability', vulnerability: 'CVE-2021-44906' }];
    const outcome = await w.refresh(request({ verdict: verdictOf([finding('CVE-2021-44906', 'minimist')], reasons), state: 'rejected' }));
    expect(outcome?.warning).toBeUndefined();
    expect(outcome?.patch).toEqual({ reportDigest: (await okBlob(Buffer.from(stored[0] ?? ''))).digest, htmlReportDigest: (await okBlob(Buffer.from(stored[1] ?? ''))).digest });
    expect(JSON.parse(stored[0] ?? '')).toMatchObject({ createdAt: '2025-01-02T00:00:00.000Z', artifact: { name: 'quarantine/acme/app@sha256:abc' } });
    expect(stored[1]).toContain('id="verdict-state">rejected<');
    expect(stored[1]).toContain('CVE-2021-44906');
    expect(w.linksFor({ ...image, ...outcome?.patch })).toEqual({
      html: 'https://airlock.example/api/v1/images/image-1/report?format=html',
      json: 'https://airlock.example/api/v1/images/image-1/report?format=json',
    });
    expect(w.linksFor(image)).toBeUndefined();
  });

  it('leaves the reports of a re-decision that changed nothing alone, and rewrites them when findings, reasons or state changed', async () => {
    const { writer: w } = writer(okBlob);
    const findings = [finding('CVE-1', 'minimist')];
    const judged = { ...image, state: 'approved', reportDigest: 'sha256:1', htmlReportDigest: 'sha256:2', evaluation: JSON.stringify({ platforms: [{ findings }] }) };
    expect(await w.refresh(request({ image: judged, initial: false, verdict: verdictOf(findings) }))).toBeUndefined();
    expect(await w.refresh(request({ image: judged, initial: false, verdict: verdictOf([...findings, finding('CVE-2', 'minimist')]) }))).toBeDefined();
    expect(await w.refresh(request({ image: judged, initial: false, verdict: verdictOf(findings), state: 'at-risk' }))).toBeDefined();
    expect(await w.refresh(request({ image: judged, initial: false, verdict: verdictOf(findings, [{ rule: 'r', message: 'm' }]) }))).toBeDefined();
    expect(await w.refresh(request({ image: { ...judged, htmlReportDigest: null }, initial: false, verdict: verdictOf(findings) }))).toBeDefined();
  });

  it('turns a report that cannot be stored into a warning, never a failed verdict', async () => {
    const { writer: w } = writer(() => Promise.reject(new Error('disk full')));
    const outcome = await w.refresh(request({}));
    expect(outcome).toEqual({ patch: { reportDigest: null, htmlReportDigest: null }, warning: { rule: 'airlock:report', message: 'the scan report could not be stored: disk full' } });
  });

  it('restates a revoked image’s page from the stored JSON report, keeping the report and the reasons', async () => {
    const { writer: w, stored } = writer(okBlob);
    const reasons = [{ rule: 'no-critical', message: 'critical vulnerability', vulnerability: 'CVE-2021-44906' }];
    const first = await w.refresh(request({ verdict: verdictOf([finding('CVE-2021-44906', 'minimist')], reasons), state: 'at-risk' }));
    const atRisk = { ...image, state: 'at-risk', reasons: JSON.stringify(reasons), decidedAt: Date.UTC(2025, 0, 2), ...first?.patch };
    const restated = await w.restate(atRisk, 'revoked');
    expect(restated?.patch.reportDigest).toBe(first?.patch.reportDigest);
    expect(restated?.patch.htmlReportDigest).not.toBe(first?.patch.htmlReportDigest);
    const page = stored.at(-1) ?? '';
    expect(page).toContain('id="verdict-state">revoked<');
    expect(page).toContain('CVE-2021-44906');
    expect(await w.restate({ ...image, reportDigest: null }, 'revoked')).toBeUndefined();
  });
});
