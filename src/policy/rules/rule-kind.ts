/**
 * A rule kind: the shape of one `deny:`/`warn:` condition and how to judge an
 * image by it. Each kind owns some top-level keys of the condition (`severity`
 * and `fixAvailable`; `max`; …); a condition uses the keys of exactly one kind.
 * Kinds are pure: time, version order and exceptions come in the subject.
 */
import type { z } from 'zod';
import { issuesFromZod, type DocumentIssue } from '../document-issue.js';
import type { Violation } from '../evaluation.js';
import type { CompareVersions, PolicyFinding, PolicyInput } from '../policy-input.js';

export type RuleOutcome = { status: 'evaluated'; violations: Violation[] } | { status: 'skip'; message: string } | { status: 'error'; message: string };

export interface RuleSubject {
  input: PolicyInput;
  /** The image's findings that no exception covers. */
  findings: readonly PolicyFinding[];
  now: number;
  compareVersions: CompareVersions;
}

export interface RuleKind<Spec> {
  /** The kind's name in results (`severity`, `max`, …); unique. */
  readonly name: string;
  /** The condition keys this kind owns; unique across kinds. */
  readonly keys: readonly string[];
  /** Validates a whole condition object (only this kind's keys). */
  readonly schema: z.ZodType<Spec>;
  /**
   * Present on finding-based kinds, the only ones exceptions act on: whether a
   * finding is in the rule's scope, so the evaluation can say which rules an
   * exception suppressed.
   */
  readonly selectsFinding?: (spec: Spec, finding: PolicyFinding) => boolean;
  evaluate(spec: Spec, subject: RuleSubject): RuleOutcome;
}

/** A validated condition, its spec bound in. */
export interface Condition {
  readonly kind: string;
  readonly findingBased: boolean;
  selectsFinding(finding: PolicyFinding): boolean;
  evaluate(subject: RuleSubject): RuleOutcome;
}

/** A rule kind with its spec type erased, as the explicit list holds it. */
export interface RegisteredRuleKind {
  readonly name: string;
  readonly keys: readonly string[];
  compile(body: unknown): { ok: true; condition: Condition } | { ok: false; issues: DocumentIssue[] };
}

export function defineRuleKind<Spec>(kind: RuleKind<Spec>): RegisteredRuleKind {
  return {
    name: kind.name,
    keys: kind.keys,
    compile(body) {
      const parsed = kind.schema.safeParse(body);
      if (!parsed.success) return { ok: false, issues: issuesFromZod(parsed.error, body) };
      const spec = parsed.data;
      const selects = kind.selectsFinding;
      return {
        ok: true,
        condition: {
          kind: kind.name,
          findingBased: selects !== undefined,
          selectsFinding: (finding) => (selects ? selects(spec, finding) : false),
          evaluate: (subject) => kind.evaluate(spec, subject),
        },
      };
    },
  };
}

/** The shared description of a finding in messages: `CVE-2024-1 (high) in openssl 3.0.1`. */
export function findingLabel(finding: PolicyFinding): string {
  return `${finding.id} (${finding.severity}) in ${finding.package} ${finding.installedVersion}`;
}

/** What to do about a finding: upgrade to its fix, or the options when there is none. */
export function remedy(finding: PolicyFinding): string {
  return finding.fixedVersion
    ? `upgrade ${finding.package} to ${finding.fixedVersion} or later`
    : 'no fix is available yet: remove the package, change the base image, or ask the security team for an exception';
}

export function findingViolation(finding: PolicyFinding, message: string): Violation {
  return {
    message,
    vulnerabilityId: finding.id,
    aliases: finding.aliases,
    package: finding.package,
    packageType: finding.packageType,
    purl: finding.purl,
    installedVersion: finding.installedVersion,
    ...(finding.fixedVersion === undefined ? {} : { fixedVersion: finding.fixedVersion }),
    severity: finding.severity,
  };
}
