/**
 * What an evaluation judges: the image, its OS, packages and findings. These are
 * the policy part's own types; scan's `Finding`, `Package` and `OsInfo` fit them
 * structurally (extra fields are ignored), so the gate passes scan output as is.
 */

/** Severities as the matcher reports them; `unknown` never meets a severity threshold. */
export type PolicySeverity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';

export interface PolicyImage {
  /** The repository the image is judged for, e.g. `payments/api` (a leading `quarantine/` is ignored by scopes). */
  repository: string;
  team: string;
  digest: string;
  /** The image config's `created` time (RFC 3339), when it has one. */
  created?: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
}

export interface PolicyOs {
  /** os-release ID: debian, ubuntu, alpine, rhel, rocky, almalinux, amzn, … */
  family: string;
  /** VERSION_ID: `12`, `22.04`, `3.20.3`, `9.4`, `2023`. */
  version: string;
}

export interface PolicyPackage {
  name: string;
  version: string;
  /** Airlock package type: dpkg, apk, rpm, npm, python, go, java, cargo, gem, dotnet, composer. */
  type: string;
  licenses?: readonly string[];
  purl: string;
}

export interface PolicyFinding {
  /** Preferred identifier (CVE when there is one). */
  id: string;
  aliases: readonly string[];
  package: string;
  packageType: string;
  purl: string;
  installedVersion: string;
  fixedVersion?: string;
  severity: PolicySeverity;
}

export interface PolicyInput {
  image: PolicyImage;
  os?: PolicyOs;
  packages: readonly PolicyPackage[];
  findings: readonly PolicyFinding[];
}

/**
 * Version order for one ecosystem, passed in by the caller (the gate uses
 * scan's comparators): negative, zero or positive as `a` sorts before, equal
 * to, or after `b`. May throw for an ecosystem it cannot order; the rule then
 * reports `error`.
 */
export type CompareVersions = (ecosystem: string, a: string, b: string) => number;
