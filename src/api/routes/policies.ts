/**
 * /api/v1/policies: the org policy and team policies, their versions, and what
 * a candidate document would do before it is applied (validate, diff, preview,
 * test). Applying stores a new version, its audit entry (`policy.applied`) and
 * its event (`policy.changed`) in one transaction, then asks the gate to judge
 * the scope's images again. Access rules: policy-access.ts.
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditActor, type Principal, type UserPrincipal } from '../../auth/index.js';
import { diffPolicies, renderPolicyDiff, POLICY_API_VERSION, type AppliedPolicy, type PolicyDocument } from '../../policy/index.js';
import type { ApiContext } from '../api-context.js';
import { authenticateCaller } from '../caller.js';
import { ApiError } from '../errors.js';
import { describeScope, policyScope, requirePolicyApplier, requirePolicyReader } from '../policy-access.js';
import { MAX_POLICY_BYTES, presentVersion, readCandidate, requireScope, summarize } from '../policy-candidate.js';
import { policyImpact, testImage } from '../policy-impact.js';
import { visibleTeams } from '../visibility.js';

const text = z.string().min(1, 'give the policy YAML as "text"').max(MAX_POLICY_BYTES, `policies are at most ${MAX_POLICY_BYTES} characters`);
const documentBody = z.strictObject({ text });
const applyBody = z.strictObject({ text, expectedVersion: z.number().int().min(0).optional() });
const testBody = z.strictObject({ text, ref: z.string().min(1, 'give an image reference as "ref", e.g. quarantine/payments/api:1.4.2') });
const versionParam = z.coerce.number().int().min(1);

type ScopeRoute = { Params: { team?: string; version?: string } };
type TeamRequest = FastifyRequest<ScopeRoute>;

/** The same routes serve the org policy and each team's; only where the team comes from differs. */
const SCOPES = [
  { prefix: '/policies/org', team: (): string | undefined => undefined },
  { prefix: '/policies/teams/:team', team: (request: TeamRequest): string | undefined => request.params.team },
] as const;

export function registerPolicyRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const caller = (request: FastifyRequest): Promise<Principal> => authenticateCaller(ctx.authenticator, request);
  registerReads(app, ctx, caller);
  registerApply(app, ctx, caller);
  registerCandidateChecks(app, ctx, caller);
}

type Caller = (request: FastifyRequest) => Promise<Principal>;

function registerReads(app: FastifyInstance, ctx: ApiContext, caller: Caller): void {
  app.get('/policies', async (request) => {
    const principal = await caller(request);
    const visible = visibleTeams(principal) ?? (await ctx.identities.listTeams()).map((team) => team.name);
    const teams = [];
    for (const team of visible) {
      const policy = await ctx.policies.current(team);
      if (policy) teams.push(presentVersion(policy));
    }
    return { policies: [presentVersion(await ctx.policies.current()), ...teams] };
  });

  for (const scope of SCOPES) {
    app.get<ScopeRoute>(scope.prefix, async (request) => {
      const team = scope.team(request);
      requirePolicyReader(await caller(request), team);
      if (team === undefined) return presentVersion(await ctx.policies.current());
      const policy = await ctx.policies.current(team);
      if (policy) return presentVersion(policy);
      await ctx.identities.getTeam(team);
      throw new ApiError('NOT_FOUND', 404, `team ${team} has no policy of its own; only the org policy judges its images`);
    });

    app.get<ScopeRoute>(`${scope.prefix}/history`, async (request) => {
      const team = scope.team(request);
      requirePolicyReader(await caller(request), team);
      const versions = await ctx.policies.history(team);
      return { scope: policyScope(team), versions: versions.map((version) => presentVersion(version, false)) };
    });

    app.get<ScopeRoute>(`${scope.prefix}/versions/:version`, async (request) => {
      const team = scope.team(request);
      requirePolicyReader(await caller(request), team);
      const version = versionParam.safeParse(request.params.version);
      if (!version.success) throw new ApiError('INVALID', 400, `version: expected a version number (1, 2, …), not "${request.params.version ?? ''}"`);
      return presentVersion(await ctx.policies.version(version.data, team));
    });
  }
}

function registerApply(app: FastifyInstance, ctx: ApiContext, caller: Caller): void {
  for (const scope of SCOPES) {
    app.put<ScopeRoute>(scope.prefix, async (request) => {
      const team = scope.team(request);
      const principal = requirePolicyApplier(await caller(request), team);
      const body = applyBody.parse(request.body);
      const candidate = readCandidate(body.text);
      requireScope(candidate, team);
      if (team !== undefined) await ctx.identities.getTeam(team);
      return applyPolicy(ctx, principal, body, request.log);
    });
  }
}

/** Checks of a candidate document that change nothing. */
function registerCandidateChecks(app: FastifyInstance, ctx: ApiContext, caller: Caller): void {
  const gate = () => {
    if (!ctx.gate) throw new ApiError('NOT_FOUND', 404, 'the gate is not running on this server');
    return ctx.gate;
  };

  app.post('/policies/validate', async (request) => {
    await caller(request);
    const candidate = readCandidate(documentBody.parse(request.body).text);
    return { valid: true, ...summarize(candidate) };
  });

  app.post('/policies/diff', async (request) => {
    const principal = await caller(request);
    const candidate = readCandidate(documentBody.parse(request.body).text);
    const team = candidate.metadata.team;
    requirePolicyReader(principal, team);
    const current = team === undefined ? await ctx.policies.current() : await ctx.policies.current(team);
    const diff = diffPolicies(current?.document ?? emptyPolicy(candidate), candidate);
    return { scope: policyScope(team), currentVersion: current?.version ?? null, identical: diff.identical, diff, rendered: renderPolicyDiff(diff) };
  });

  app.post('/policies/preview', async (request) => {
    const principal = await caller(request);
    const candidate = readCandidate(documentBody.parse(request.body).text);
    const team = candidate.metadata.team;
    requirePolicyReader(principal, team);
    // Only the images the caller sees: a developer previewing the org policy learns nothing of other teams.
    const teams = team === undefined ? visibleTeams(principal) : [team];
    return { scope: policyScope(team), ...(await policyImpact(ctx, gate(), candidate, teams)) };
  });

  app.post('/policies/test', async (request) => {
    const principal = await caller(request);
    const body = testBody.parse(request.body);
    const candidate = readCandidate(body.text);
    return { scope: policyScope(candidate.metadata.team), ...(await testImage(ctx, gate(), principal, candidate, body.ref)) };
  });
}

async function applyPolicy(ctx: ApiContext, principal: UserPrincipal, body: z.infer<typeof applyBody>, log: FastifyBaseLogger) {
  const actor = auditActor(principal);
  const { applied, previousVersion } = await ctx.changePolicies(async (policies, record) => {
    const result = await policies.apply(body.text, principal.username, body.expectedVersion);
    // Applying the text that is already current stores nothing, so there is nothing to audit or announce.
    if (!result.changed) return { applied: result, previousVersion: result.version };
    // Versions are numbered 1, 2, … per scope without gaps; a team's first policy has none before it.
    const previousVersion = result.version > 1 ? result.version - 1 : null;
    const target = `policy:${result.scope}`;
    await record.audit({ actor, action: 'policy.applied', target, details: { version: result.version, previousVersion, name: result.name, digest: result.digest } });
    await record.publish({
      type: 'policy.changed',
      subject: target,
      team: result.team ?? null,
      data: { scope: result.scope, name: result.name, version: result.version, previousVersion, digest: result.digest, appliedBy: actor },
    });
    return { applied: result, previousVersion };
  });
  if (applied.changed) await redecide(ctx, applied, actor, log);
  return { ...presentVersion(applied), changed: applied.changed, previousVersion };
}

/**
 * The re-decision runs after the commit, so failing to queue it cannot undo
 * the applied policy: it is logged, and the next sweep or change re-decides.
 */
async function redecide(ctx: ApiContext, applied: AppliedPolicy, actor: string, log: FastifyBaseLogger): Promise<void> {
  await ctx.gate
    ?.requestRedecision({ ...(applied.team === undefined ? {} : { team: applied.team }), cause: 'policy-changed', actor })
    .catch((error: unknown) => log.error({ err: error, scope: applied.scope }, `could not queue the re-decision after ${describeScope(applied.team)} changed`));
}

/** What a team without a policy of its own has: nothing, so every rule of its first policy shows as added. */
function emptyPolicy(candidate: PolicyDocument): PolicyDocument {
  return { apiVersion: POLICY_API_VERSION, kind: 'Policy', metadata: candidate.metadata, spec: { rules: [] } };
}
