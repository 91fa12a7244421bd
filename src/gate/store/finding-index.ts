/**
 * The fleet's findings as rows (gate_image_findings) and per-image severity
 * counts (gate_image_facets), rewritten with every verdict in its transaction.
 * A finding found again keeps its first-seen time; one no longer found is
 * marked resolved rather than deleted, so the dashboard can draw the trend.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/index.js';
import type { Finding } from '../../scan/index.js';

export const SEVERITY_RANK: Readonly<Record<string, number>> = { critical: 4, high: 3, medium: 2, low: 1 };

interface PlatformFindings {
  findings: readonly Finding[];
  evaluation: unknown;
}

const CHUNK = 200;

export async function indexFindings(db: Kysely<Database>, imageId: string, platforms: readonly PlatformFindings[], now: number): Promise<void> {
  const wanted = new Map<string, { finding: Finding; identifier: string; excepted: boolean }>();
  const counted = new Map<string, string>();
  for (const platform of platforms) {
    const excepted = exceptedKeys(platform.evaluation);
    for (const finding of platform.findings) {
      counted.set(`${finding.id}\0${finding.purl}\0${finding.installedVersion}`, finding.severity);
      for (const identifier of new Set([finding.id, ...finding.aliases])) {
        wanted.set(keyOf(identifier, finding.purl, finding.installedVersion), { finding, identifier, excepted: excepted.has(`${finding.id}\0${finding.purl}`) });
      }
    }
  }
  const open = await db.selectFrom('gateImageFindings').select(['identifier', 'purl', 'installedVersion', 'excepted', 'severity', 'fixedVersion']).where('imageId', '=', imageId).where('resolvedAt', 'is', null).execute();
  const kept = new Set<string>();
  for (const row of open) {
    const key = keyOf(row.identifier, row.purl, row.installedVersion);
    const next = wanted.get(key);
    const update = (patch: { resolvedAt?: number; excepted?: number; severity?: string; fixedVersion?: string | null }) =>
      db.updateTable('gateImageFindings').set(patch).where('imageId', '=', imageId).where('identifier', '=', row.identifier).where('purl', '=', row.purl).where('installedVersion', '=', row.installedVersion).where('resolvedAt', 'is', null).execute();
    if (!next) {
      await update({ resolvedAt: now });
      continue;
    }
    kept.add(key);
    const excepted = next.excepted ? 1 : 0;
    if (row.excepted !== excepted || row.severity !== next.finding.severity || row.fixedVersion !== (next.finding.fixedVersion ?? null)) {
      await update({ excepted, severity: next.finding.severity, fixedVersion: next.finding.fixedVersion ?? null });
    }
  }
  const added = [...wanted.entries()].filter(([key]) => !kept.has(key)).map(([, { finding, identifier, excepted }]) => ({
    imageId,
    identifier,
    vulnerabilityId: finding.id,
    packageType: finding.packageType,
    packageName: finding.package,
    purl: finding.purl,
    installedVersion: finding.installedVersion,
    fixedVersion: finding.fixedVersion ?? null,
    severity: finding.severity,
    excepted: excepted ? 1 : 0,
    firstSeenAt: now,
    resolvedAt: null,
  }));
  for (let start = 0; start < added.length; start += CHUNK) await db.insertInto('gateImageFindings').values(added.slice(start, start + CHUNK)).execute();
  const counts = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  for (const severity of counted.values()) {
    const bucket = severity in counts ? (severity as keyof typeof counts) : 'unknown';
    counts[bucket] += 1;
  }
  const maxSeverity = counts.critical ? 4 : counts.high ? 3 : counts.medium ? 2 : counts.low ? 1 : 0;
  await db
    .insertInto('gateImageFacets')
    .values({ imageId, ...counts, maxSeverity })
    .onConflict((c) => c.column('imageId').doUpdateSet({ ...counts, maxSeverity }))
    .execute();
}

function keyOf(identifier: string, purl: string, installedVersion: string): string {
  return `${identifier}\0${purl}\0${installedVersion}`;
}

/** `<vulnerability id>\0<purl>` of each finding an exception kept out of the verdict. */
function exceptedKeys(evaluation: unknown): Set<string> {
  const applied = (evaluation as { exceptionsApplied?: Array<{ vulnerabilityId: string; purl: string }> } | null | undefined)?.exceptionsApplied ?? [];
  return new Set(applied.map((entry) => `${entry.vulnerabilityId}\0${entry.purl}`));
}
