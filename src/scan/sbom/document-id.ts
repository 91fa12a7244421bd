/**
 * Deterministic identifiers for generated documents. The writers are pure functions,
 * so the CycloneDX serial number and the SPDX namespace come from the caller or are
 * derived from what identifies one scan (artifact, digest, time): the same report
 * always gives the same document, two scans never share an id.
 */
import { createHash } from 'node:crypto';
import type { ScanReport } from '../report/scan-report.js';

/** RFC 4122 §4.3 URL namespace; any fixed namespace would do, this one is well known. */
const URL_NAMESPACE = '6ba7b8119dad11d180b400c04fd430c8';

/** A name-based (version 5, SHA-1) UUID, as RFC 4122 §4.3 defines it. */
export function uuidV5(name: string, namespaceHex: string = URL_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespaceHex, 'hex')).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The UUID of the document generated for one scan (`kind` keeps CycloneDX and SPDX ids apart). */
export function scanDocumentUuid(report: ScanReport, kind: string): string {
  const { name, digest = '' } = report.artifact;
  return uuidV5(`airlock:${kind}:${report.createdAt}:${name}:${digest}`);
}

/** A short, stable hash for building identifiers that must stay unique after sanitising. */
export function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, length);
}
