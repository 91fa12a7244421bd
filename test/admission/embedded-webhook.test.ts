/**
 * The webhook inside `airlock serve` (admission.enabled): /admission/validate
 * and /admission/mutate on the server itself, its cache filled straight from
 * the gate, decisions on the hash-chained audit trail, counts on /metrics.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyAuditLog } from '../../src/audit/index.js';
import { waitFor } from '../../src/events/webhook-receiver-harness.js';
import { startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { KINDS, admissionReview, patchOf, podOf, type AdmissionAnswer } from '../helpers/admission-webhook.js';
import { skopeo } from '../helpers/skopeo.js';
import { layoutManifest } from '../skopeo/oci-layout.js';

const layout = path.join(inject('testImagesDir'), 'oci');
let airlock: TestAirlock;

async function post(operation: 'validate' | 'mutate', body: string): Promise<AdmissionAnswer> {
  const response = await fetch(`${airlock.url}/admission/${operation}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(response.status).toBe(200);
  return (await response.json()) as AdmissionAnswer;
}

beforeAll(async () => {
  airlock = await startAirlock({ config: { gate: { workers: 1, pollInterval: '100ms' }, admission: { enabled: true, sync: { interval: '200ms' }, audit: { allowSampleRate: 1 } } } });
  await airlock.createTeam('acme');
  const ci = (await airlock.createToken('acme', 'ci')).token;
  await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', `ci:${ci}`, `oci:${layout}:debian`, `docker://${airlock.host}/quarantine/acme/debian:12`]);
  await waitFor('the webhook to know the approved image', async () => (await post('validate', admissionReview(KINDS.pod, podOf({ app: `${airlock.host}/acme/debian:12` })))).response.allowed || undefined, 60_000);
});
afterAll(() => airlock?.close());

describe('the webhook inside airlock serve', () => {
  it('allows and pins approved images, refuses the rest', async () => {
    const digest = (await layoutManifest(layout, 'debian')).digest;
    const mutated = await post('mutate', admissionReview(KINDS.pod, podOf({ app: `${airlock.host}/acme/debian:12` })));
    expect(patchOf(mutated)).toEqual([{ op: 'replace', path: '/spec/containers/0/image', value: `${airlock.host}/acme/debian@${digest}` }]);
    const denied = await post('validate', admissionReview(KINDS.pod, podOf({ app: `${airlock.host}/acme/debian:13` }), { name: 'web-1' }));
    expect(denied.response).toMatchObject({ allowed: false, status: { code: 403, message: expect.stringContaining('Airlock has no image acme/debian:13') } });
    expect((await post('validate', 'not json')).response).toMatchObject({ allowed: false, status: { code: 400 } });
  });

  it('writes decisions to the audit trail, and the chain still verifies', async () => {
    const entries = await waitFor('the denial on the audit trail', async () => {
      const page = await airlock.api<{ entries: Array<{ actor: string; action: string; target: string; details: { violations: Array<{ rule: string }> } }> }>('GET', '/audit?action=admission');
      return page.body.entries.some((entry) => entry.action === 'admission.denied') ? page.body.entries : undefined;
    }, 10_000);
    expect(entries.find((entry) => entry.action === 'admission.denied')).toMatchObject({ actor: 'k8s:alice@example.com', target: 'team-a/v1/Pod/web-1', details: { violations: [{ rule: 'image-approved' }] } });
    expect(entries.some((entry) => entry.action === 'admission.patched')).toBe(true);
    expect((await verifyAuditLog(airlock.server.database.db)).ok).toBe(true);
  });

  it('counts decisions on the server’s /metrics', async () => {
    const metrics = await (await fetch(`${airlock.url}/metrics`)).text();
    expect(metrics).toMatch(/airlock_admission_decisions_total\{operation="validate",outcome="denied",rule="image-approved"\} [1-9]/);
    expect(metrics).toMatch(/airlock_admission_cache_images 1/);
  });
});
