/** A vulnerability affecting one package: one finding per (vulnerability, package), aliases merged. */
import type { PackageType } from '../catalog/package.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'unknown'];

export interface CvssScore {
  version: '2.0' | '3.0' | '3.1' | '4.0';
  vector: string;
  score: number;
}

export interface Finding {
  /** The preferred identifier: the CVE when there is one, else the advisory id (GHSA-…, GO-…, DSA-…). */
  id: string;
  /** Every other identifier of the same vulnerability (CVE ↔ GHSA ↔ DSA ↔ …), sorted. */
  aliases: string[];
  /** The affected package's name (`stdlib` for the Go standard library). */
  package: string;
  packageType: PackageType;
  purl: string;
  /** Where the package was found, and the layer that introduced it. */
  path: string;
  layer?: string;
  installedVersion: string;
  /** The lowest version that fixes it for this package's line; absent when no fix exists (`unfixed`). */
  fixedVersion?: string;
  severity: Severity;
  /** The highest-version CVSS vector known for it, scored. */
  cvss?: CvssScore;
  /** The advisory (or advisories) that matched, e.g. `DSA-5345-1`. */
  source: string;
  summary?: string;
  references?: string[];
}
