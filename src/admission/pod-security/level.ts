/**
 * Pod Security levels, ordered by strictness (k8s.io/pod-security-admission api/helpers.go:
 * ParseLevel, CompareLevels).
 */
import { PodSecurityError } from './pod-security-error.js';

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

export function isPodSecurityLevel(text: unknown): text is PodSecurityLevel {
  return typeof text === 'string' && (POD_SECURITY_LEVELS as readonly string[]).includes(text);
}

/** The level named by `text`; throws POD_SECURITY_LEVEL_INVALID otherwise (levels are case-sensitive upstream). */
export function parseLevel(text: string): PodSecurityLevel {
  if (isPodSecurityLevel(text)) return text;
  throw new PodSecurityError(
    'POD_SECURITY_LEVEL_INVALID',
    `invalid Pod Security level ${JSON.stringify(text)}: must be one of ${POD_SECURITY_LEVELS.join(', ')}`,
    { detail: { level: text } },
  );
}

/** Negative when `a` is less strict than `b`, zero when equal, positive when stricter. */
export function compareLevels(a: PodSecurityLevel, b: PodSecurityLevel): number {
  return POD_SECURITY_LEVELS.indexOf(a) - POD_SECURITY_LEVELS.indexOf(b);
}
