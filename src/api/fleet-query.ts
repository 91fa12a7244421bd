/**
 * The query string of the images table and its exports: one schema, so the
 * CSV a user downloads holds exactly the rows the table shows.
 */
import { z } from 'zod';
import type { Principal } from '../auth/index.js';
import { DURATION_HELP, parseDuration } from '../config/index.js';
import { IMAGE_SORTS, IMAGE_STATES, type ImageQuery } from '../gate/index.js';
import { visibleTeams } from './visibility.js';

const duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms !== undefined) return ms;
  ctx.addIssue({ code: 'custom', message: `expected ${DURATION_HELP}` });
  return z.NEVER;
});

const states = z
  .string()
  .transform((text) => text.split(',').map((state) => state.trim()).filter(Boolean))
  .pipe(z.array(z.enum(IMAGE_STATES, { message: `states are ${IMAGE_STATES.join(', ')}` })));

export const fleetFilter = {
  team: z.string().optional(),
  /** One state or several, comma-separated. */
  state: states.optional(),
  repository: z.string().optional(),
  q: z.string().max(200).optional(),
  severity: z.enum(['critical', 'high', 'medium', 'low']).optional(),
  vulnerability: z.string().max(200).optional(),
  package: z.string().max(300).optional(),
  newerThan: duration.optional(),
  olderThan: duration.optional(),
  sort: z.enum(IMAGE_SORTS).optional(),
  order: z.enum(['asc', 'desc']).optional(),
};

export const listQuery = z.strictObject({
  ...fleetFilter,
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const EXPORT_LIMIT = 100_000;
export const exportQuery = z.strictObject({ ...fleetFilter, format: z.enum(['csv', 'json']).default('csv') });

type Filter = z.infer<typeof listQuery> | z.infer<typeof exportQuery>;

export function toImageQuery(principal: Principal, filter: Filter, now: number, limit: number, offset: number): ImageQuery {
  const visible = visibleTeams(principal);
  const teams = filter.team ? (visible === undefined || visible.includes(filter.team) ? [filter.team] : []) : visible;
  return {
    teams,
    states: filter.state,
    repository: filter.repository,
    text: filter.q,
    severity: filter.severity,
    vulnerability: filter.vulnerability?.trim() || undefined,
    package: filter.package?.trim() || undefined,
    receivedAfter: filter.newerThan === undefined ? undefined : now - filter.newerThan,
    receivedBefore: filter.olderThan === undefined ? undefined : now - filter.olderThan,
    sort: filter.sort,
    order: filter.order,
    limit,
    offset,
  };
}
