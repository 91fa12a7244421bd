/**
 * The approved set the admission benchmark's webhook caches: N images over T
 * teams, written into a fresh Airlock data directory before the server starts,
 * the way a gate that has judged them leaves its tables. Each image is a
 * manifest in `quarantine/<team>/<app>` and `<team>/<app>` (registry rows, so
 * the tags' foreign keys hold), a quarantine tag and an approved tag, and a
 * gate record written with the gate's own ImageStore (recordPush, then
 * update to its verdict). One image in 20 is rejected, with reasons, so the
 * snapshot carries the reasons a real one does. GET /api/v1/admission/snapshot
 * then serves them like any other.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { openDatabase } from '../src/db/index.js';
import { ImageStore } from '../src/gate/index.js';

export interface AdmissionFleetPlan {
  images: number;
  teams: number;
  /** Versions (tags) per application. */
  versions: number;
}

export interface FleetImage {
  team: string;
  app: string;
  tag: string;
  digest: string;
  state: 'approved' | 'rejected';
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** The images, the same every run (digests come from their names). */
export function admissionFleet(plan: AdmissionFleetPlan): FleetImage[] {
  const images: FleetImage[] = [];
  for (let n = 0; n < plan.images; n++) {
    const appIndex = Math.floor(n / plan.versions);
    const team = `team-${String(appIndex % plan.teams).padStart(2, '0')}`;
    const app = `app-${String(appIndex).padStart(4, '0')}`;
    const tag = `1.${n % plan.versions}.0`;
    images.push({ team, app, tag, digest: '', state: n % 20 === 19 ? 'rejected' : 'approved' });
  }
  return images;
}

/** The manifest each image is stored as: unique per image, its digest the image's digest. */
function manifestOf(image: FleetImage): Buffer {
  const fake = (what: string) => `sha256:${createHash('sha256').update(`${image.team}/${image.app}:${image.tag}/${what}`).digest('hex')}`;
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: fake('config'), size: 1_469 },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: fake('layer'), size: 29_150_000 }],
    }),
  );
}

/** Writes the fleet into `dataDir/airlock.db` (migrating it first); returns the images with their digests. */
export async function seedAdmissionFleet(dataDir: string, plan: AdmissionFleetPlan): Promise<FleetImage[]> {
  const handle = await openDatabase(path.join(dataDir, 'airlock.db'));
  const images = admissionFleet(plan);
  try {
    await handle.db.transaction().execute(async (trx) => {
      // Judged two hours ago: the steady state, where the webhook's 5 s change polls find nothing new
      // (rows written within the feed's 30 s overlap would be sent again on every poll).
      const now = Date.now() - 2 * 3600_000;
      const store = new ImageStore(trx, () => now);
      const repositories = new Set<string>();
      for (const image of images) {
        const content = manifestOf(image);
        image.digest = `sha256:${createHash('sha256').update(content).digest('hex')}`;
        const quarantine = `quarantine/${image.team}/${image.app}`;
        const approved = `${image.team}/${image.app}`;
        const inRegistry = image.state === 'approved' ? [quarantine, approved] : [quarantine];
        for (const repository of inRegistry) {
          if (!repositories.has(repository)) {
            await trx.insertInto('repositories').values({ name: repository, createdAt: now }).execute();
            repositories.add(repository);
          }
          await trx.insertInto('manifests').values({ repository, digest: image.digest, mediaType: OCI_MANIFEST, artifactType: null, subject: null, annotations: null, size: content.length, content, createdAt: now }).execute();
          await trx.insertInto('tags').values({ repository, name: image.tag, digest: image.digest, updatedAt: now }).execute();
        }
        const { image: row } = await store.recordPush({ repository: quarantine, digest: image.digest, team: image.team, mediaType: OCI_MANIFEST, tag: image.tag }, trx);
        const reasons =
          image.state === 'rejected'
            ? [{ rule: 'no-critical', message: 'CVE-2021-44906 in minimist 1.2.0 is critical (fixed in 1.2.6)', vulnerability: 'CVE-2021-44906', package: 'minimist', installedVersion: '1.2.0', fixedVersion: '1.2.6', severity: 'critical' }]
            : [];
        await store.update(row, { state: image.state, reasons: JSON.stringify(reasons), decidedAt: now, ...(image.state === 'approved' ? { approvedAt: now } : {}), policyVersion: '1', dbVersion: 'bench' }, 'bench-seed', undefined, trx);
      }
    });
  } finally {
    await handle.close();
  }
  return images;
}
