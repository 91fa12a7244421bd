/**
 * Pod Security policy versions: "latest" or "v1.<minor>" (k8s.io/pod-security-admission api/helpers.go:
 * ParseVersion, Version.Older). Internally a version is its minor number; "latest" is the newest minor whose
 * checks we implement, and a named version newer than that evaluates as latest, as upstream's registry does.
 */
import { PodSecurityError } from './pod-security-error.js';

/** 'latest' or 'v1.<minor>' */
export type PodSecurityVersion = string;

/** The newest policy version implemented here; `latest` means this. */
export const LATEST_MINOR = 37;
export const LATEST_POD_SECURITY_VERSION: PodSecurityVersion = `v1.${LATEST_MINOR}`;

// Upstream's own pattern: no leading zeros, major version 1 only.
const VERSION_PATTERN = /^v1\.(0|[1-9][0-9]*)$/;

export function isPodSecurityVersion(text: unknown): text is PodSecurityVersion {
  return typeof text === 'string' && (text === 'latest' || VERSION_PATTERN.test(text));
}

/** Checks the syntax of a version and returns it unchanged; throws POD_SECURITY_VERSION_INVALID otherwise. */
export function parseVersion(text: string): PodSecurityVersion {
  if (isPodSecurityVersion(text)) return text;
  throw new PodSecurityError(
    'POD_SECURITY_VERSION_INVALID',
    `invalid Pod Security version ${JSON.stringify(text)}: must be "latest" or "v1.x"`,
    { detail: { version: text } },
  );
}

/** The minor version the checks are evaluated at: latest and future versions clamp to LATEST_MINOR. */
export function evaluationMinor(version: PodSecurityVersion): number {
  const text = parseVersion(version);
  if (text === 'latest') return LATEST_MINOR;
  const minor = Number(text.slice('v1.'.length));
  return Math.min(minor, LATEST_MINOR);
}

export function formatMinor(minor: number): PodSecurityVersion {
  return `v1.${minor}`;
}
