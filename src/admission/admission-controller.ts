/**
 * One AdmissionReview in, one AdmissionReview out, synchronously: read the
 * review, decide (validate or mutate), count it, audit it. Never throws — an
 * unexpected failure in a check is answered per the failure mode (closed:
 * refused, open: allowed with a warning) and logged, never left to become an
 * HTTP 500 that the API server would treat per its own failurePolicy.
 */
import type { FastifyBaseLogger } from 'fastify';
import { auditRecord, shouldAudit, type AdmissionAuditSink } from './admission-audit.js';
import type { AdmissionMetrics } from './admission-metrics.js';
import { badReviewResponse, readReview, reviewResponse, type AdmissionRequest, type AdmissionReviewResponse } from './admission-review.js';
import type { AdmissionSettings } from './admission-settings.js';
import type { ApprovedSet } from './approved-set.js';
import { mutateRequest } from './mutate-request.js';
import type { NamespaceLabelSource } from './namespace-labels.js';
import { podSecurityDefaults } from './pod-security-check.js';
import type { PodSecurityDefaults } from './pod-security/index.js';
import { validateRequest, type Decision, type DecisionContext } from './validate-request.js';

export type WebhookOperation = 'validate' | 'mutate';

export interface AdmissionControllerDeps {
  settings: AdmissionSettings;
  set: ApprovedSet;
  namespaces: NamespaceLabelSource;
  clock: () => number;
  metrics?: AdmissionMetrics;
  audit?: AdmissionAuditSink;
  log?: FastifyBaseLogger;
  /** For audit sampling; Math.random unless a test fixes it. */
  random?: () => number;
}

export class AdmissionController {
  private readonly podSecurity: PodSecurityDefaults;

  constructor(private readonly deps: AdmissionControllerDeps) {
    this.podSecurity = podSecurityDefaults(deps.settings.podSecurity);
  }

  get settings(): AdmissionSettings {
    return this.deps.settings;
  }

  /** Answers a raw request body. */
  handle(operation: WebhookOperation, body: Buffer | string | undefined): AdmissionReviewResponse {
    const started = process.hrtime.bigint();
    const read = readReview(body);
    if (!read.ok) {
      this.deps.log?.warn({ operation, uid: read.bad.uid, problem: read.bad.message }, 'unreadable AdmissionReview');
      this.observe(operation, 'invalid', ['review'], started);
      return badReviewResponse(read.bad);
    }
    const decision = this.decide(operation, read.request);
    this.observe(operation, decision.outcome, decision.response.allowed ? [] : decision.violations.map((violation) => violation.rule), started);
    if (this.deps.audit && shouldAudit(decision, this.deps.settings.allowSampleRate, this.deps.random ?? Math.random)) {
      this.deps.audit.record(auditRecord(operation, read.request, decision, this.deps.clock()));
    }
    return reviewResponse(decision.response);
  }

  /** An answer to input too large to read: refused, naming the limit. */
  tooLarge(operation: WebhookOperation, limit: number): AdmissionReviewResponse {
    this.observe(operation, 'invalid', ['review'], process.hrtime.bigint());
    return badReviewResponse({ uid: '', message: `the request body is larger than ${limit} bytes (admission maxRequestBytes)` });
  }

  private decide(operation: WebhookOperation, request: AdmissionRequest): Decision {
    const ctx: DecisionContext = { settings: this.deps.settings, set: this.deps.set, namespaces: this.deps.namespaces, podSecurity: this.podSecurity, now: this.deps.clock() };
    try {
      return operation === 'validate' ? validateRequest(request, ctx) : mutateRequest(request, ctx);
    } catch (error) {
      this.deps.log?.error({ err: error, operation, uid: request.uid }, 'admission check failed');
      const message = `Airlock could not check this request (${(error as Error).message})`;
      if (operation === 'mutate' || this.deps.settings.failureMode === 'open') {
        return { response: { uid: request.uid, allowed: true, warnings: [`${message}; allowed${operation === 'validate' ? ' because the failure mode is open' : ' unchanged'}`] }, outcome: 'allowed', violations: [], warnings: [message], audit: [] };
      }
      return { response: { uid: request.uid, allowed: false, status: { code: 500, reason: 'InternalError', message: `${message}; failing closed` } }, outcome: 'denied', violations: [{ rule: 'internal', status: 'error', message }], warnings: [], audit: [] };
    }
  }

  private observe(operation: WebhookOperation, outcome: string, rules: readonly string[], started: bigint): void {
    this.deps.metrics?.observe(operation, outcome, rules, Number(process.hrtime.bigint() - started) / 1e9);
  }
}
