/**
 * Bad input to a real `admission serve` over HTTPS: whatever arrives —
 * garbage, a cut-off body, another API version, an unknown kind, a
 * several-megabyte object, a body over the limit, odd image references — the
 * answer is HTTP 200 with a well-formed AdmissionReview and a message that
 * says what was wrong, never a 500; and the server keeps serving.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { KINDS, admissionReview, deploymentOf, makeCertificates, podOf, startWebhook, type AdmissionAnswer, type TestWebhook } from '../helpers/admission-webhook.js';

let airlock: TestAirlock;
let webhook: TestWebhook;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'airlock-admission-bad-'));
  airlock = await startAirlock();
  const viewer = await airlock.createUser('webhook', 'viewer');
  await makeCertificates(dir);
  webhook = await startWebhook({ dir, airlockUrl: airlock.url, credentials: viewer, config: { maxRequestBytes: 8 * 1024 * 1024 } });
});
afterAll(async () => {
  await webhook?.close();
  await airlock?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Posts to /validate and checks the envelope every answer must have. */
async function answer(body: string | Buffer, headers?: Record<string, string>): Promise<AdmissionAnswer['response']> {
  const reply = await webhook.post('/validate', body, headers);
  expect(reply.status).toBe(200);
  const review = reply.json();
  expect(review).toMatchObject({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: expect.any(String), allowed: expect.any(Boolean) } });
  return review.response;
}

function refusal(code: number, message: string | RegExp) {
  return { allowed: false, status: { code, message: typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message) } };
}

describe('malformed AdmissionReviews', () => {
  it('answers garbage, empty and binary bodies with a 400 status inside a well-formed review', async () => {
    expect(await answer('this is not json')).toMatchObject({ uid: '', ...refusal(400, 'is not valid JSON') });
    expect(await answer('')).toMatchObject(refusal(400, 'the request body is empty'));
    expect(await answer(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]), { 'content-type': 'application/octet-stream' })).toMatchObject(refusal(400, 'is not valid JSON'));
    expect(await answer('"AdmissionReview"')).toMatchObject(refusal(400, 'not an object'));
  });

  it('answers a truncated review, echoing nothing it cannot read', async () => {
    const whole = admissionReview(KINDS.pod, podOf({ app: 'nginx' }));
    expect(await answer(whole.slice(0, Math.floor(whole.length / 2)))).toMatchObject({ uid: '', ...refusal(400, 'was it cut short?') });
  });

  it('survives a connection that promises more body than it sends', async () => {
    const port = Number(new URL(webhook.url).port);
    const partial = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, ca: webhook.ca, servername: 'localhost' }, () => {
        socket.write('POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"apiVersion":"admission.k8s.io/v1"');
        socket.end();
      });
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    expect(partial).not.toMatch(/^HTTP\/1\.1 5\d\d/);
    expect(await answer(admissionReview(KINDS.pod, podOf({ app: 'nginx' })))).toMatchObject({ allowed: false });
  });

  it('refuses other API versions and kinds of review, echoing the uid', async () => {
    const v1beta1 = JSON.stringify({ apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: { uid: 'beta-1', kind: KINDS.pod, operation: 'CREATE', object: podOf({ a: 'nginx' }) } });
    expect(await answer(v1beta1)).toMatchObject({ uid: 'beta-1', ...refusal(400, 'apiVersion "admission.k8s.io/v1beta1" is not supported') });
    expect(await answer(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'Review', request: { uid: 'k-1' } }))).toMatchObject({ uid: 'k-1', ...refusal(400, 'kind is "Review"') });
    expect(await answer(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }))).toMatchObject(refusal(400, 'has no request'));
    expect(await answer(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'op-1', kind: KINDS.pod, operation: 'PATCH' } }))).toMatchObject({ uid: 'op-1', ...refusal(400, 'request.operation') });
  });

  it('lets unknown kinds through with a message, and refuses a workload without a pod template', async () => {
    const configMap = await answer(admissionReview({ group: '', version: 'v1', kind: 'ConfigMap' }, { data: { a: 'b' } }));
    expect(configMap).toMatchObject({ allowed: true, warnings: ['Airlock checks pods and pod templates; ConfigMap is not one of them'] });
    const crd = await answer(admissionReview({ group: 'example.com', version: 'v9', kind: 'Widget' }, { spec: {} }));
    expect(crd).toMatchObject({ allowed: true, warnings: ['Airlock checks pods and pod templates; example.com/Widget is not one of them'] });
    expect(await answer(admissionReview(KINDS.deployment, { spec: { replicas: 1 } }))).toMatchObject(refusal(400, 'Deployment has no spec.template object'));
    expect(await answer(admissionReview(KINDS.pod, undefined))).toMatchObject(refusal(400, 'the Pod object is missing'));
  });
});

describe('large objects', () => {
  it('judges a 5 MB Deployment like any other', async () => {
    const deployment = deploymentOf({ web: 'docker.io/library/nginx:1.27' }) as { spec: { template: { metadata: Record<string, unknown> } } };
    deployment.spec.template.metadata.annotations = { 'example.com/blob': 'x'.repeat(5 * 1024 * 1024) };
    const body = admissionReview(KINDS.deployment, deployment);
    expect(body.length).toBeGreaterThan(5 * 1024 * 1024);
    const started = Date.now();
    expect(await answer(body)).toMatchObject(refusal(403, '[image-registry] container web: image docker.io/library/nginx:1.27 is not from an allowed registry'));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses a body over the configured limit, naming it', async () => {
    const body = JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'big', padding: 'x'.repeat(9 * 1024 * 1024) } });
    expect(await answer(body)).toMatchObject({ uid: '', ...refusal(400, 'larger than 8388608 bytes (admission maxRequestBytes)') });
  });

  it('answers a pod with hundreds of containers, every violation listed up to the message limit', async () => {
    const images = Object.fromEntries(Array.from({ length: 300 }, (_, index) => [`c${index}`, `docker.io/library/nginx:${index}`]));
    const response = await answer(admissionReview(KINDS.pod, podOf(images)));
    expect(response).toMatchObject(refusal(403, '[image-registry] container c0: '));
    expect(response.status?.message.length).toBeLessThanOrEqual(8 * 1024);
  });
});

describe('odd image references', () => {
  const cases: Array<[string, unknown, string]> = [
    ['localhost:5000/a', 'localhost:5000/a', '[image-registry] container c: image localhost:5000/a is not from an allowed registry'],
    ['a digest alone', `sha256:${'ab'.repeat(32)}`, 'a digest alone is not an image reference'],
    ['a digest without a name', `@sha256:${'ab'.repeat(32)}`, 'a digest alone is not an image reference'],
    ['uppercase', 'Airlock.Example/Team/App:1', 'repository names must be lowercase'],
    ['an IPv6 host', '[fd00::5]:5000/team/app:1', '[image-registry] container c: image [fd00::5]:5000/team/app:1 is not from an allowed registry'],
    ['an IPv6 host without brackets', 'fd00::5/team/app', 'is not a registry host (IPv6 addresses go in brackets'],
    ['a bad digest', 'team/app@sha256:1234', 'is not a valid image reference'],
    ['a number', 42, '[image-reference] container c: the image is not a valid image reference: no image is given'],
    ['no image', undefined, 'no image is given'],
    ['white space', 'nginx :1', 'white space'],
  ];
  for (const [what, image, message] of cases) {
    it(`explains ${what}`, async () => {
      const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', ...(image === undefined ? {} : { image }) }] } };
      expect(await answer(admissionReview(KINDS.pod, object))).toMatchObject(refusal(403, message));
    });
  }

  it('still serves after all of it', async () => {
    expect((await webhook.get('/healthz')).json<{ status: string }>()).toEqual({ status: 'ok' });
    expect((await webhook.get('/readyz')).status).toBe(200);
  });
});
