/**
 * The validating webhook's decision for one request: every image rule on every
 * container, then Pod Security; all violations are listed (not just the first),
 * each with its rule id. Synchronous: the approved set and the namespace labels
 * are in memory.
 */
import type { AdmissionRequest, AdmissionResponse } from './admission-review.js';
import type { AdmissionSettings } from './admission-settings.js';
import type { ApprovedSet, CacheFreshness } from './approved-set.js';
import { checkImage, containerLabel, type ImageRuleEnv, type RuleResult } from './image-rules.js';
import { normalizeImageReference } from './image-reference.js';
import type { NamespaceLabelSource } from './namespace-labels.js';
import { evaluatePodSecurity } from './pod-security-check.js';
import type { PodSecurityDefaults } from './pod-security/index.js';
import type { PodTemplate } from './pod-templates.js';
import { reviewScope } from './review-scope.js';

export interface DecisionContext {
  settings: AdmissionSettings;
  set: ApprovedSet;
  namespaces: NamespaceLabelSource;
  podSecurity: PodSecurityDefaults;
  now: number;
}

export interface Decision {
  response: AdmissionResponse;
  /** allowed, denied, patched (mutate), skipped (not ours to check), invalid (malformed object). */
  outcome: 'allowed' | 'denied' | 'patched' | 'skipped' | 'invalid';
  violations: RuleResult[];
  warnings: string[];
  audit: string[];
  details?: Record<string, unknown>;
}

const MAX_MESSAGE = 8 * 1024;
const MAX_WARNINGS = 50;

export function validateRequest(request: AdmissionRequest, ctx: DecisionContext): Decision {
  const scope = reviewScope(request);
  if (scope.kind === 'skipped') return decide(request.uid, [], scope.message ? [scope.message] : [], [], 'skipped');
  if (scope.kind === 'malformed') {
    return { response: { uid: request.uid, allowed: false, status: { code: 400, reason: 'BadRequest', message: `Airlock: ${scope.message}` } }, outcome: 'invalid', violations: [{ rule: 'object', status: 'fail', message: scope.message }], warnings: [], audit: [] };
  }
  const violations: RuleResult[] = [];
  const warnings: string[] = [];
  const audit: string[] = [];
  const env = imageEnv(ctx, scope.templates, violations, warnings);
  for (const template of scope.templates) {
    for (const container of template.containers) {
      const unchanged = typeof container.image === 'string' && scope.previousImages.has(container.image);
      const outcome = normalizeImageReference(container.image);
      const fromAirlock = outcome.ok && ctx.settings.registries.includes(outcome.reference.host);
      for (const result of checkImage({ container, label: containerLabel(container), outcome, fromAirlock }, env)) {
        if (result.status === 'fail' && !unchanged) violations.push({ ...result, container: container.name });
        else warnings.push(result.status === 'fail' ? `${result.message} (allowed: the image is unchanged by this update)` : result.message);
      }
    }
    if (scope.podSecurity) {
      const security = evaluatePodSecurity(
        { namespace: request.namespace, username: request.userInfo?.username, labels: request.namespace ? ctx.namespaces.labels(request.namespace) : undefined, template, enforce: scope.isPod || ctx.settings.podSecurity.enforceOnWorkloads },
        ctx.podSecurity,
      );
      violations.push(...security.violations);
      warnings.push(...security.warnings);
      audit.push(...security.audit);
    }
  }
  return decide(request.uid, violations, warnings, audit, violations.length > 0 ? 'denied' : 'allowed');
}

/**
 * The image rules' view of the cache. When it is empty or stale and some
 * container names an Airlock image, the failure mode decides once for the
 * request: closed adds one violation, open one warning.
 */
function imageEnv(ctx: DecisionContext, templates: readonly PodTemplate[], violations: RuleResult[], warnings: string[]): ImageRuleEnv {
  const freshness = ctx.set.freshness(ctx.now, ctx.settings.stalenessLimitMs);
  const cacheUsable = freshness.state === 'fresh';
  if (!cacheUsable && ctx.settings.images.requireApproved && namesAirlockImage(templates, ctx.settings.registries)) {
    const why = cacheProblem(freshness, ctx.settings.stalenessLimitMs);
    if (ctx.settings.failureMode === 'closed') violations.push({ rule: 'image-cache', status: 'fail', message: `approved images cannot be checked: ${why}; failing closed` });
    else warnings.push(`approved images were not checked: ${why}; allowed because the failure mode is open`);
  }
  return { settings: ctx.settings, set: ctx.set, cacheUsable };
}

function namesAirlockImage(templates: readonly PodTemplate[], registries: readonly string[]): boolean {
  return templates.some((template) =>
    template.containers.some((container) => {
      const outcome = normalizeImageReference(container.image);
      return outcome.ok && registries.includes(outcome.reference.host);
    }),
  );
}

export function cacheProblem(freshness: CacheFreshness, limitMs: number): string {
  if (freshness.state === 'empty') return 'the approved-image cache has not been loaded from Airlock yet';
  return `the approved-image cache was last synced with Airlock ${seconds(freshness.state === 'fresh' ? 0 : freshness.ageMs)} ago (limit ${seconds(limitMs)})`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}

export function decide(uid: string, violations: RuleResult[], warnings: string[], audit: string[], outcome: Decision['outcome']): Decision {
  const response: AdmissionResponse = { uid, allowed: violations.length === 0 };
  if (violations.length > 0) response.status = { code: 403, reason: 'Forbidden', message: denialMessage(violations) };
  if (warnings.length > 0) response.warnings = [...new Set(warnings)].slice(0, MAX_WARNINGS).map((warning) => truncate(warning, 1024));
  if (audit.length > 0) response.auditAnnotations = { 'pod-security-audit': truncate(audit.join(' | '), MAX_MESSAGE) };
  return { response, outcome, violations, warnings, audit };
}

function denialMessage(violations: readonly RuleResult[]): string {
  return truncate(`Airlock: ${violations.map((violation) => `[${violation.rule}] ${violation.message}`).join('; ')}`, MAX_MESSAGE);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
