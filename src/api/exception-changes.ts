/**
 * Creating and revoking exceptions on behalf of an API caller: the change, its
 * audit entry and its event in one transaction; then a new verdict for the
 * images the exception covers, so accepting a vulnerability approves what it
 * blocked and revoking one rejects (or puts at risk) what it let through.
 */
import type { FastifyBaseLogger } from 'fastify';
import { auditActor, type UserPrincipal } from '../auth/index.js';
import { scopeFilter } from '../gate/index.js';
import { exceptionStatus, type NewException, type PolicyException } from '../policy/index.js';
import type { ApiContext, ChangeRecorder } from './api-context.js';
import { scopeTeam } from './exception-access.js';

/** An exception on the wire: times in epoch milliseconds, absent fields as null, and its state now. */
export function presentException(exception: PolicyException, now: number) {
  return {
    id: exception.id,
    vulnerability: exception.vulnerability,
    aliases: exception.aliases,
    package: exception.package ?? null,
    scope: exception.scope,
    reason: exception.reason,
    justification: exception.justification ?? null,
    source: exception.source ?? null,
    expiresAt: exception.expiresAt,
    createdBy: exception.createdBy,
    createdAt: exception.createdAt,
    revokedAt: exception.revokedAt ?? null,
    revokedBy: exception.revokedBy ?? null,
    state: exceptionStatus(exception, now),
  };
}

/** Creates all of `inputs` or none (a VEX import is one decision), each with its audit entry and event. */
export async function createExceptions(ctx: ApiContext, principal: UserPrincipal, inputs: readonly NewException[], log: FastifyBaseLogger): Promise<PolicyException[]> {
  const created = await ctx.changeExceptions(async (exceptions, record) => {
    const stored = await exceptions.createMany(inputs, principal.username);
    for (const exception of stored) await recordChange(record, principal, 'exception.created', exception, ctx.clock());
    return stored;
  });
  await redecide(ctx, created, 'exception-created', principal, log);
  return created;
}

export async function revokeException(ctx: ApiContext, principal: UserPrincipal, id: string, reason: string | undefined, log: FastifyBaseLogger): Promise<PolicyException> {
  const revoked = await ctx.changeExceptions(async (exceptions, record) => {
    const exception = await exceptions.revoke(id, principal.username);
    await recordChange(record, principal, 'exception.revoked', exception, ctx.clock(), reason);
    return exception;
  });
  await redecide(ctx, [revoked], 'exception-revoked', principal, log);
  return revoked;
}

async function recordChange(record: ChangeRecorder, principal: UserPrincipal, action: 'exception.created' | 'exception.revoked', exception: PolicyException, now: number, revocationReason?: string): Promise<void> {
  const details = {
    vulnerability: exception.vulnerability,
    aliases: exception.aliases,
    package: exception.package ?? null,
    scope: exception.scope,
    reason: exception.reason,
    expiresAt: new Date(exception.expiresAt).toISOString(),
    ...(exception.justification ? { justification: exception.justification } : {}),
    ...(exception.source ? { source: exception.source } : {}),
    ...(revocationReason ? { revocationReason } : {}),
  };
  await record.audit({ actor: auditActor(principal), action, target: `exception:${exception.id}`, details });
  await record.publish({ type: action, subject: `exception:${exception.id}`, team: scopeTeam(exception.scope) ?? null, data: presentException(exception, now) });
}

/**
 * One re-decision per scope touched. It runs after the commit, so a failure to
 * queue it cannot undo the recorded change: it is logged, and the change still
 * stands (the next policy change or database update re-decides these images).
 */
async function redecide(ctx: ApiContext, exceptions: readonly PolicyException[], cause: string, principal: UserPrincipal, log: FastifyBaseLogger): Promise<void> {
  const gate = ctx.gate;
  if (!gate) return;
  for (const scope of new Set(exceptions.map((exception) => exception.scope))) {
    await gate.requestRedecision({ ...scopeFilter(scope), cause, actor: auditActor(principal) }).catch((error: unknown) => log.error({ err: error, scope, cause }, 'could not queue the re-decision'));
  }
}
