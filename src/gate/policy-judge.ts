/**
 * The gate's judge: the current org policy and the image's team policy, the
 * active exceptions, and each ecosystem's own version order, handed to the
 * policy engine. The verdict records which policy versions made it.
 */
import { evaluatePolicy, type ExceptionStore, type PolicyInput, type PolicyStore, type Reason } from '../policy/index.js';
import { comparatorFor } from '../scan/index.js';
import type { GateReason, JudgeSession, PolicyVerdict, VerdictRequest } from './gate-ports.js';

export interface PolicyJudgeDeps {
  policies: PolicyStore;
  exceptions: ExceptionStore;
  clock: () => number;
}

export function policyJudge(deps: PolicyJudgeDeps): (request: VerdictRequest, session?: JudgeSession) => Promise<PolicyVerdict> {
  return async (request, session) => {
    const org = await once(session, 'policy:org', () => deps.policies.current());
    const team = await once(session, `policy:team:${request.image.team}`, () => deps.policies.current(request.image.team));
    // Those that expire during the session stop applying all the same: evaluation checks each exception against `now`.
    const exceptions = await once(session, 'exceptions:active', () => deps.exceptions.list({ status: 'active' }));
    const evaluation = evaluatePolicy({ org: org.document, team: team?.document, exceptions, now: deps.clock(), compareVersions }, request as PolicyInput);
    return {
      outcome: evaluation.outcome,
      reasons: evaluation.reasons.map(toGateReason),
      warnings: evaluation.warnings.map(toGateReason),
      gracePeriodMs: evaluation.gracePeriodMs,
      policyVersion: [`org@${org.version}`, ...(team ? [`${request.image.team}@${team.version}`] : [])].join(' '),
      evaluation,
    };
  };
}

/** `read()` once per session (every time without one). */
function once<T>(session: JudgeSession | undefined, key: string, read: () => Promise<T>): Promise<T> {
  if (!session) return read();
  let value = session.get(key) as Promise<T> | undefined;
  if (!value) session.set(key, (value = read()));
  return value;
}

export function compareVersions(ecosystem: string, a: string, b: string): number {
  const comparator = comparatorFor(ecosystem);
  if (!comparator) throw new Error(`no version ordering for the ${ecosystem} ecosystem`);
  return comparator.compare(a, b);
}

function toGateReason(reason: Reason): GateReason {
  return {
    rule: reason.ruleId,
    message: reason.message,
    ...(reason.vulnerabilityId ? { vulnerability: reason.vulnerabilityId } : {}),
    ...(reason.package ? { package: reason.package } : {}),
    ...(reason.installedVersion ? { installedVersion: reason.installedVersion } : {}),
    ...(reason.fixedVersion ? { fixedVersion: reason.fixedVersion } : {}),
    ...(reason.severity ? { severity: reason.severity } : {}),
  };
}
