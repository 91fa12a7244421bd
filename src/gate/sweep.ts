/**
 * The gate's periodic sweep, run as a single job however many replicas there
 * are: revoke at-risk images whose grace period is over, re-decide what
 * expired exceptions covered, and re-decide the images that advisories imported
 * since the last sweep touch (through the package → image inverted index).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { indexKeyOfAffected } from '../scan/index.js';
import type { GatePorts } from './gate-ports.js';
import { reasonsOf } from './record-verdict.js';
import type { ReportWriter } from './report/report-writer.js';
import type { ImageStore, PackageKey } from './store/image-store.js';

export interface SweepContext {
  db: Kysely<Database>;
  images: ImageStore;
  ports: GatePorts;
  clock: () => number;
  /** Restates a revoked image's HTML report; without it the page keeps showing at-risk. */
  reports?: ReportWriter;
  redecide(request: RedecisionRequest): Promise<void>;
}

export interface RedecisionRequest {
  /** Exactly these images; otherwise every decided image in the scope. */
  imageIds?: string[];
  team?: string;
  repository?: string;
  cause: string;
  actor: string;
}

const IN_CHUNK = 500;

export async function sweep(ctx: SweepContext): Promise<void> {
  await revokeExpiredGrace(ctx);
  await redecideExpiredExceptions(ctx);
  await redecideChangedAdvisories(ctx);
}

async function revokeExpiredGrace(ctx: SweepContext): Promise<void> {
  const now = ctx.clock();
  for (const image of await ctx.images.dueForRevocation(now)) {
    const restated = await ctx.reports?.restate(image, 'revoked');
    const links = ctx.reports?.linksFor({ ...image, ...restated?.patch });
    await ctx.db.transaction().execute(async (trx) => {
      await ctx.images.update(image, { state: 'revoked', revokedAt: now, ...restated?.patch }, 'grace-expired', { revokeAt: image.revokeAt }, trx);
      const subject = `${image.repository}@${image.digest}`;
      const data = { repository: image.repository, digest: image.digest, tags: JSON.parse(image.tags) as string[], reasons: reasonsOf(image), ...(links ? { reports: links } : {}) };
      await ctx.ports.publish(trx, { type: 'image.revoked', subject, team: image.team, data });
      await ctx.ports.audit(trx, { actor: 'system', action: 'image.revoked', target: subject, details: { cause: 'grace-expired' } });
    });
  }
}

/** Expired exceptions stop applying by themselves; each is announced and recorded once, then what it covered is re-decided. */
async function redecideExpiredExceptions(ctx: SweepContext): Promise<void> {
  const now = ctx.clock();
  const since = await cursor(ctx.db, 'exceptions', now);
  const expired = await ctx.ports.expiredExceptions(since, now);
  await ctx.db.transaction().execute(async (trx) => {
    for (const exception of expired) {
      const target = `exception:${exception.id}`;
      const details = { vulnerability: exception.vulnerability, ...(exception.package ? { package: exception.package } : {}), scope: exception.scope, expiresAt: new Date(exception.expiresAt).toISOString() };
      await ctx.ports.publish(trx, { type: 'exception.expired', subject: target, team: teamOfScope(exception.scope), data: { id: exception.id, ...details } });
      await ctx.ports.audit(trx, { actor: 'system', action: 'exception.expired', target, details });
    }
    await setCursor(trx, 'exceptions', now);
  });
  for (const scope of new Set(expired.map((exception) => exception.scope))) {
    await ctx.redecide({ ...scopeFilter(scope), cause: 'exception-expired', actor: 'system' });
  }
}

async function redecideChangedAdvisories(ctx: SweepContext): Promise<void> {
  const latest = await ctx.db.selectFrom('advisories').select((eb) => eb.fn.max('importedAt').as('latest')).executeTakeFirst();
  const newest = Number(latest?.latest ?? 0);
  const since = await cursor(ctx.db, 'advisories', newest);
  if (newest <= since) return;
  const changed = await ctx.db.selectFrom('advisories').select('id').where('importedAt', '>', since).execute();
  const keys: PackageKey[] = [];
  for (let start = 0; start < changed.length; start += IN_CHUNK) {
    const ids = changed.slice(start, start + IN_CHUNK).map((row) => row.id);
    const affected = await ctx.db.selectFrom('affectedPackages').select(['ecosystem', 'packageName']).where('advisoryId', 'in', ids).execute();
    keys.push(...affected.map((row) => indexKeyOfAffected(row.ecosystem, row.packageName)));
  }
  await ctx.ports.refreshIndex(changed.map((row) => row.id));
  const imageIds = await ctx.images.imagesWithPackages(keys);
  if (imageIds.length > 0) await ctx.redecide({ imageIds, cause: 'db-update', actor: 'system' });
  await setCursor(ctx.db, 'advisories', newest);
}

function teamOfScope(scope: string): string | undefined {
  if (scope.startsWith('team:')) return scope.slice('team:'.length);
  if (scope.startsWith('repository:')) return scope.slice('repository:'.length).replace(/^quarantine\//, '').split('/')[0];
  return undefined;
}

export function scopeFilter(scope: string): Pick<RedecisionRequest, 'team' | 'repository'> {
  if (scope.startsWith('team:')) return { team: scope.slice('team:'.length) };
  if (scope.startsWith('repository:')) {
    const repository = scope.slice('repository:'.length);
    return { repository: repository.startsWith('quarantine/') ? repository : `quarantine/${repository}` };
  }
  return {};
}

/** A cursor's value; the first time it is asked for, it starts at `initial` (nothing before it is news). */
export async function cursor(db: Kysely<Database>, name: string, initial: number): Promise<number> {
  const row = await db.selectFrom('gateCursors').select('value').where('name', '=', name).executeTakeFirst();
  if (row) return Number(row.value);
  await db.insertInto('gateCursors').values({ name, value: initial }).onConflict((c) => c.doNothing()).execute();
  return initial;
}

export async function setCursor(db: Kysely<Database>, name: string, value: number): Promise<void> {
  await db
    .insertInto('gateCursors')
    .values({ name, value })
    .onConflict((c) => c.column('name').doUpdateSet({ value }))
    .execute();
}
