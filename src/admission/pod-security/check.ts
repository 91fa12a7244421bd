/**
 * The shape of one Pod Security check and the helpers every check uses to word its result
 * (k8s.io/pod-security-admission policy/checks.go: Check, VersionedCheck, CheckResult; helpers.go).
 *
 * A check has one or more revisions; a revision applies from its minimum policy version until the next
 * revision's. A restricted revision may override baseline checks: at the versions it covers, the restricted
 * level runs it instead of them (e.g. capabilities_restricted replaces capabilities_baseline).
 */
import type { PodSpec } from './pod-schema.js';

export type CheckLevel = 'baseline' | 'restricted';

/** What a check sees: the pod's annotations (never null) and its validated spec. */
export interface PodView {
  annotations: Readonly<Record<string, string>>;
  spec: PodSpec;
}

/**
 * `reason` is upstream's short ForbiddenReason ("privileged"); `detail` its ForbiddenDetail, naming the
 * containers and fields to change.
 */
export type CheckOutcome = { allowed: true } | { allowed: false; reason: string; detail: string };

export type CheckFn = (pod: PodView) => CheckOutcome;

export interface CheckRevision {
  /** The first policy minor version (1.<minor>) this revision applies to. */
  minor: number;
  evaluate: CheckFn;
  /** Baseline check ids this (restricted) revision replaces at the restricted level. */
  overrides?: readonly string[];
}

export interface PodSecurityCheck {
  id: string;
  level: CheckLevel;
  /** Ordered by strictly increasing `minor`. */
  revisions: readonly CheckRevision[];
}

export const ALLOWED: CheckOutcome = { allowed: true };

export function forbidden(reason: string, detail: string): CheckOutcome {
  return { allowed: false, reason, detail };
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `"a", "b"`, as upstream's joinQuote (which wraps without escaping). */
export function joinQuote(items: readonly string[]): string {
  return items.map((item) => `"${item}"`).join(', ');
}

/** `container "a"` or `containers "a", "b"`. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** Distinct values in byte order, as Go's sets.List() returns them (messages stay stable). */
export function sortedSet(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(byteOrder);
}

export function byteOrder(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Upstream relaxes some checks for pods in a user namespace (helpers.go: relaxPolicyForUserNamespacePod). */
export function inUserNamespace(spec: PodSpec): boolean {
  return spec.hostUsers === false;
}

/** Pod API validation rejects Linux-only fields on Windows pods, so some restricted checks skip them. */
export function isWindowsPod(spec: PodSpec): boolean {
  return spec.os?.name === 'windows';
}
