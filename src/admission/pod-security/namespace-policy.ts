/**
 * The policy a namespace asks for through the standard labels
 * `pod-security.kubernetes.io/{enforce,warn,audit}[-version]`, over cluster defaults
 * (k8s.io/pod-security-admission api/helpers.go: PolicyToEvaluate).
 *
 * Like upstream, a valid policy is always returned: an unparsable enforce level fails closed (restricted), an
 * unparsable warn or audit level fails open (privileged), an unparsable version means latest; each such label
 * is reported in `problems` so the caller can surface it (upstream records it as an audit annotation).
 */
import { isPodSecurityLevel, POD_SECURITY_LEVELS, type PodSecurityLevel } from './level.js';
import type { LevelVersion } from './level-version.js';
import { isPodSecurityVersion } from './version.js';

export type PodSecurityMode = 'enforce' | 'warn' | 'audit';

export interface NamespacePolicy {
  enforce: LevelVersion;
  warn: LevelVersion;
  audit: LevelVersion;
}

export interface PodSecurityExemptions {
  namespaces?: string[];
  usernames?: string[];
  runtimeClasses?: string[];
}

export interface PodSecurityDefaults {
  enforce?: LevelVersion;
  warn?: LevelVersion;
  audit?: LevelVersion;
  exemptions?: PodSecurityExemptions;
}

export const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';
export const POD_SECURITY_MODES: readonly PodSecurityMode[] = ['enforce', 'warn', 'audit'];
const DEFAULT_LEVEL_VERSION: LevelVersion = { level: 'privileged', version: 'latest' };

/** The level used when a mode's level cannot be parsed: enforce fails closed, warn and audit fail open. */
function fallbackLevel(mode: PodSecurityMode): PodSecurityLevel {
  return mode === 'enforce' ? 'restricted' : 'privileged';
}

export function levelLabel(mode: PodSecurityMode): string {
  return `${POD_SECURITY_LABEL_PREFIX}${mode}`;
}

export function versionLabel(mode: PodSecurityMode): string {
  return `${POD_SECURITY_LABEL_PREFIX}${mode}-version`;
}

export function namespacePolicy(
  labels: Record<string, string> | undefined,
  defaults: PodSecurityDefaults,
): { policy: NamespacePolicy; problems: string[] } {
  const problems: string[] = [];
  const resolve = (mode: PodSecurityMode): LevelVersion => {
    const fallback = defaultFor(mode, defaults, problems);
    return {
      level: readLevel(labels, mode, fallback.level, problems),
      version: readVersion(labels, mode, fallback.version, problems),
    };
  };
  return { policy: { enforce: resolve('enforce'), warn: resolve('warn'), audit: resolve('audit') }, problems };
}

/** The configured default for a mode, checked too: defaults come from config that may be hand-written. */
function defaultFor(mode: PodSecurityMode, defaults: PodSecurityDefaults, problems: string[]): LevelVersion {
  const configured = defaults[mode] ?? DEFAULT_LEVEL_VERSION;
  let { level, version } = configured;
  if (!isPodSecurityLevel(level)) {
    problems.push(`default ${mode} level ${JSON.stringify(level)} is invalid: ${levelHint(mode)}`);
    level = fallbackLevel(mode);
  }
  if (!isPodSecurityVersion(version)) {
    problems.push(`default ${mode} version ${JSON.stringify(version)} is invalid: ${versionHint()}`);
    version = 'latest';
  }
  return { level, version };
}

function readLevel(
  labels: Record<string, string> | undefined,
  mode: PodSecurityMode,
  fallback: PodSecurityLevel,
  problems: string[],
): PodSecurityLevel {
  const label = levelLabel(mode);
  if (labels === undefined || labels === null || !Object.hasOwn(labels, label)) return fallback;
  const value: unknown = labels[label];
  if (isPodSecurityLevel(value)) return value;
  problems.push(`label ${label}=${JSON.stringify(value)} is invalid: ${levelHint(mode)}`);
  return fallbackLevel(mode);
}

function readVersion(
  labels: Record<string, string> | undefined,
  mode: PodSecurityMode,
  fallback: string,
  problems: string[],
): string {
  const label = versionLabel(mode);
  if (labels === undefined || labels === null || !Object.hasOwn(labels, label)) return fallback;
  const value: unknown = labels[label];
  if (isPodSecurityVersion(value)) return value;
  problems.push(`label ${label}=${JSON.stringify(value)} is invalid: ${versionHint()}`);
  return 'latest';
}

function levelHint(mode: PodSecurityMode): string {
  return `must be one of ${POD_SECURITY_LEVELS.join(', ')} (evaluating ${mode} as ${fallbackLevel(mode)})`;
}

function versionHint(): string {
  return 'must be "latest" or "v1.x" (evaluating as latest)';
}
