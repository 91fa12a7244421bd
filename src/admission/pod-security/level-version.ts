/** A level paired with the policy version it is evaluated at, and its `level[:version]` text form. */
import { parseLevel, type PodSecurityLevel } from './level.js';
import { parseVersion, type PodSecurityVersion } from './version.js';

export interface LevelVersion {
  level: PodSecurityLevel;
  version: PodSecurityVersion;
}

/**
 * Parses 'restricted', 'restricted:v1.37' or 'baseline:latest' (version defaults to latest).
 * Throws PodSecurityError (POD_SECURITY_LEVEL_INVALID / POD_SECURITY_VERSION_INVALID) on bad input.
 */
export function parseLevelVersion(text: string): LevelVersion {
  const separator = text.indexOf(':');
  if (separator < 0) return { level: parseLevel(text), version: 'latest' };
  return { level: parseLevel(text.slice(0, separator)), version: parseVersion(text.slice(separator + 1)) };
}

export function formatLevelVersion(levelVersion: LevelVersion): string {
  return `${levelVersion.level}:${levelVersion.version}`;
}
