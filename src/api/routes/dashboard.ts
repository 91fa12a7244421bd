/**
 * What the dashboard reads besides the resources other routes serve: the
 * overview's aggregates, one vulnerability across the fleet (its blast
 * radius), and one image's findings with their verdict status. Every answer
 * covers only the teams the caller sees.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../api-context.js';
import { authenticateCaller } from '../caller.js';
import { ApiError } from '../errors.js';
import { imageFindings } from '../image-findings.js';
import { visibleTeams } from '../visibility.js';
import { visibleImage } from './images.js';

const overviewQuery = z.strictObject({ days: z.coerce.number().int().min(1).max(365).default(30) });
const vulnerabilityId = z.string().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'a vulnerability id such as CVE-2021-44906 or GHSA-xvch-5gv4-984h');
const BLAST_RADIUS_LIMIT = 5000;

export function registerDashboardRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/overview', async (request) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    const { days } = overviewQuery.parse(request.query);
    const teams = visibleTeams(principal);
    const [compliance, trend, newest, database] = await Promise.all([
      ctx.fleet.compliance(teams),
      ctx.fleet.trend(teams, days, ctx.clock()),
      ctx.fleet.newestInApproved(teams, 20),
      ctx.vulnerabilityDbStatus(),
    ]);
    const states: Record<string, number> = {};
    for (const team of compliance) for (const [state, count] of Object.entries(team.states)) states[state] = (states[state] ?? 0) + count;
    return {
      states,
      total: compliance.reduce((sum, team) => sum + team.total, 0),
      teams: compliance,
      trend: trend.map(({ day, ...counts }) => ({ day: new Date(day).toISOString().slice(0, 10), ...counts })),
      newestInApproved: newest.map(({ firstSeenAt, ...finding }) => ({ ...finding, firstSeenAt: new Date(firstSeenAt).toISOString() })),
      database: {
        advisories: database.advisories,
        lastUpdatedAt: database.lastUpdatedAt === undefined ? undefined : new Date(database.lastUpdatedAt).toISOString(),
        lastCheckedAt: database.lastCheckedAt === undefined ? undefined : new Date(database.lastCheckedAt).toISOString(),
      },
    };
  });

  app.get<{ Params: { id: string } }>('/vulnerabilities/:id', async (request) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    const parsed = vulnerabilityId.safeParse(request.params.id);
    if (!parsed.success) throw new ApiError('INVALID', 400, `id: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const id = parsed.data;
    const teams = visibleTeams(principal);
    const [advisory, affected] = await Promise.all([ctx.fleet.advisory(id), ctx.fleet.affectedBy(id, teams, BLAST_RADIUS_LIMIT)]);
    const images = new Map<string, (typeof affected)[number][]>();
    for (const finding of affected) images.set(finding.imageId, [...(images.get(finding.imageId) ?? []), finding]);
    const byTeam = new Map<string, { team: string; images: number; states: Record<string, number> }>();
    for (const findings of images.values()) {
      const first = findings[0];
      if (!first) continue;
      const entry = byTeam.get(first.team) ?? { team: first.team, images: 0, states: {} };
      entry.images += 1;
      entry.states[first.state] = (entry.states[first.state] ?? 0) + 1;
      byTeam.set(first.team, entry);
    }
    if (!advisory && affected.length === 0) throw new ApiError('NOT_FOUND', 404, `${id} is neither in the vulnerability database nor found in an image you can see`);
    return {
      id,
      advisory,
      images: affected.map(({ firstSeenAt, ...finding }) => ({ ...finding, firstSeenAt: new Date(firstSeenAt).toISOString() })),
      imageCount: images.size,
      truncated: affected.length >= BLAST_RADIUS_LIMIT,
      teams: [...byTeam.values()].sort((a, b) => b.images - a.images || a.team.localeCompare(b.team)),
    };
  });

  app.get<{ Params: { id: string } }>('/images/:id/findings', async (request) => {
    const principal = await authenticateCaller(ctx.authenticator, request);
    if (!ctx.gate) throw new ApiError('NOT_FOUND', 404, 'the gate is not running on this server');
    const image = await visibleImage(ctx.gate, principal, request.params.id);
    return { findings: imageFindings(image) };
  });
}
