/**
 * The admission benchmark, run by `bench/run.ts` (alone with `--only
 * admission`): Airlock as its own process over a data directory seeded with a
 * fleet of judged images (admission-fleet.ts), the standalone webhook as
 * another process syncing its cache from Airlock's /api/v1/admission/snapshot
 * with a viewer account, then a 10-container Deployment AdmissionReview POSTed
 * over HTTPS on loopback: /validate and /mutate at a fixed rate, then /validate
 * as fast as 50 connections allow, for context.
 */
import { seedAdmissionFleet, type AdmissionFleetPlan, type FleetImage } from './admission-fleet.js';
import { runAdmissionLoad, type AdmissionLoadRun } from './admission-load.js';
import { CONTAINERS, deploymentReview, pickImages } from './admission-review-body.js';
import { startWebhook } from './admission-webhook-process.js';
import { readMemory } from './rss-sampler.js';
import { startAirlock } from './servers.js';

export interface AdmissionPlan {
  fleet: AdmissionFleetPlan;
  /** Requests per second of the fixed-rate runs. */
  rate: number;
  rateSeconds: number;
  rateConnections: number;
  warmupSeconds: number;
  maxConnections: number;
  maxSeconds: number;
}

export interface AdmissionResults {
  images: number;
  cachedImages: number;
  snapshotBytes: number;
  reviewBytes: number;
  containers: number;
  idleRssBytes: number;
  validate: AdmissionLoadRun;
  mutate: AdmissionLoadRun;
  max: AdmissionLoadRun;
  /** VmHWM of the webhook at the end: its peak resident memory over its whole life. */
  hwmBytes: number;
}

const REGISTRY_HOST = 'registry.airlock.test';
const VIEWER = { username: 'admission-webhook', password: 'bench-webhook-password-0123' };

export async function measureAdmission(plan: AdmissionPlan, progress: (message: string) => void): Promise<AdmissionResults> {
  progress(`admission: seeding ${plan.fleet.images.toLocaleString('en')} judged images, starting Airlock`);
  let fleet: FleetImage[] = [];
  const airlock = await startAirlock({ prepare: async (dataDir) => void (fleet = await seedAdmissionFleet(dataDir, plan.fleet)) });
  try {
    const created = await fetch(`${airlock.url}/api/v1/users`, {
      method: 'POST',
      headers: { ...airlock.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ ...VIEWER, role: 'viewer' }),
    });
    if (!created.ok) throw new Error(`creating the viewer failed: ${created.status} ${await created.text()}`);
    const snapshot = await fetch(`${airlock.url}/api/v1/admission/snapshot`, { headers: { authorization: `Basic ${Buffer.from(`${VIEWER.username}:${VIEWER.password}`).toString('base64')}` } });
    const snapshotBytes = (await snapshot.arrayBuffer()).byteLength;
    progress('admission: starting `airlock admission serve`');
    const webhook = await startWebhook({ airlockUrl: airlock.url, registryHost: REGISTRY_HOST, ...VIEWER });
    try {
      const ready = JSON.parse((await webhook.call('GET', '/readyz')).body) as { images: number };
      if (ready.images !== fleet.length) throw new Error(`the webhook cached ${ready.images} images, not the ${fleet.length} seeded`);
      const body = deploymentReview(REGISTRY_HOST, pickImages(fleet));
      await check(webhook.call.bind(webhook), body);
      const idleRssBytes = readMemory(webhook.pid).rssBytes;
      const fixed = (operation: 'validate' | 'mutate', seconds: number) =>
        runAdmissionLoad(webhook, { operation, body, connections: plan.rateConnections, seconds, rate: plan.rate, expect: operation === 'validate' ? '"allowed":true' : '"patchType":"JSONPatch"' });
      progress(`admission: warm-up, ${plan.warmupSeconds} s of each operation`);
      await fixed('validate', plan.warmupSeconds);
      await fixed('mutate', plan.warmupSeconds);
      progress(`admission: /validate at ${plan.rate} req/s for ${plan.rateSeconds} s`);
      const validate = await fixed('validate', plan.rateSeconds);
      progress(`admission: /mutate at ${plan.rate} req/s for ${plan.rateSeconds} s`);
      const mutate = await fixed('mutate', plan.rateSeconds);
      progress(`admission: /validate unthrottled, ${plan.maxConnections} connections, ${plan.maxSeconds} s`);
      const max = await runAdmissionLoad(webhook, { operation: 'validate', body, connections: plan.maxConnections, seconds: plan.maxSeconds, expect: '"allowed":true' });
      return { images: fleet.length, cachedImages: ready.images, snapshotBytes, reviewBytes: Buffer.byteLength(body), containers: CONTAINERS, idleRssBytes, validate, mutate, max, hwmBytes: readMemory(webhook.pid).hwmBytes };
    } finally {
      await webhook.stop();
    }
  } finally {
    await airlock.stop();
  }
}

/** One request of each kind before timing: the Deployment is allowed cleanly and all ten tags are pinned. */
async function check(call: (method: 'POST', route: string, body: string) => Promise<{ status: number; body: string }>, body: string): Promise<void> {
  const validate = JSON.parse((await call('POST', '/validate', body)).body) as { response: { allowed: boolean; warnings?: string[]; status?: { message: string } } };
  if (!validate.response.allowed || validate.response.warnings) throw new Error(`the benchmark Deployment is not allowed cleanly: ${JSON.stringify(validate.response)}`);
  const mutate = JSON.parse((await call('POST', '/mutate', body)).body) as { response: { patch?: string } };
  const patch = JSON.parse(Buffer.from(mutate.response.patch ?? 'W10=', 'base64').toString('utf8')) as unknown[];
  if (patch.length !== CONTAINERS) throw new Error(`/mutate pinned ${patch.length} images, not ${CONTAINERS}: ${JSON.stringify(mutate.response)}`);
}
