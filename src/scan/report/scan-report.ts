/**
 * The result of `airlock scan`, and the shape of `--format json` (documented in
 * the README): artifact, os, packages, vulnerabilities, errors.
 */
import type { Package } from '../catalog/package.js';
import type { Finding } from '../match/finding.js';
import type { OsInfo } from '../os/os-info.js';

export interface ScanArtifact {
  /** What was scanned, as the user named it (`oci:./image:latest`, `registry.example/app:1`, `/path/to/rootfs`). */
  name: string;
  /** Manifest digest, when the target is an image. */
  digest?: string;
  /** Layer digests, bottom first. */
  layers: string[];
  /** Platform of the scanned image (`linux/amd64`). */
  platform?: string;
  /** Layers that could not be read to their end (corrupt, truncated, over a limit): the inventory may be missing packages. */
  incompleteLayers?: string[];
}

export interface ScanReport {
  schemaVersion: 1;
  createdAt: string;
  scanner: { name: 'airlock'; version: string; vulnerabilityDb?: { updatedAt?: string; advisories: number } };
  artifact: ScanArtifact;
  os?: OsInfo;
  packages: Package[];
  vulnerabilities: Finding[];
  /** Problems that did not stop the scan: corrupt layers, malformed package databases, unknown OS. */
  errors: string[];
}
