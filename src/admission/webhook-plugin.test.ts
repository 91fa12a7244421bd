/** The HTTP surface: every answer an AdmissionReview with HTTP 200, whatever the body. */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AIRLOCK, NOW, POD, loadedSet, pod, request, review, testSettings } from './admission-harness.js';
import { AdmissionController } from './admission-controller.js';
import { StaticNamespaceLabels } from './namespace-labels.js';
import { admissionWebhookPlugin } from './webhook-plugin.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  const controller = new AdmissionController({ settings: testSettings(), set: loadedSet(), namespaces: new StaticNamespaceLabels({}), clock: () => NOW });
  await app.register(admissionWebhookPlugin, { prefix: '/admission', controller: () => controller, maxRequestBytes: 64 * 1024 });
  app.get('/other', async () => ({ ok: true }));
});
afterAll(() => app.close());

async function post(url: string, payload: string | Buffer | undefined, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await app.inject({ method: 'POST', url, payload, headers });
  return { status: response.statusCode, body: response.json<{ apiVersion: string; kind: string; response: { uid: string; allowed: boolean; status?: { code: number; message: string } } }>() };
}

describe('admissionWebhookPlugin', () => {
  it('answers validate and mutate', async () => {
    const body = review(request(POD, pod([{ name: 'a', image: `${AIRLOCK}/acme/api:1.0` }])));
    expect(await post('/admission/validate', body)).toEqual({ status: 200, body: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'uid-1', allowed: true } } });
    expect((await post('/admission/mutate', body)).body.response).toMatchObject({ uid: 'uid-1', allowed: true, patchType: 'JSONPatch' });
  });

  it('reads any content type, or none, itself', async () => {
    const body = review(request(POD, pod([{ name: 'a', image: 'nginx' }])));
    expect((await post('/admission/validate', body, { 'content-type': 'text/plain' })).body.response.allowed).toBe(false);
    expect((await post('/admission/validate', body, {})).body.response.uid).toBe('uid-1');
  });

  it('answers garbage, empty and oversized bodies with a well-formed refusal', async () => {
    for (const payload of ['not json', '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"x"', '', undefined, Buffer.from([0xff, 0xfe, 0x00])]) {
      const answer = await post('/admission/validate', payload);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: '', allowed: false, status: { code: 400 } } });
    }
    const big = await post('/admission/mutate', JSON.stringify({ padding: 'x'.repeat(100 * 1024) }));
    expect(big).toMatchObject({ status: 200, body: { response: { allowed: false, status: { code: 400, message: expect.stringContaining('larger than 65536 bytes') } } } });
  });

  it('keeps its body handling to itself', async () => {
    expect((await app.inject({ method: 'GET', url: '/other' })).json()).toEqual({ ok: true });
  });
});

describe('admissionWebhookPlugin with a caller token', () => {
  let guarded: FastifyInstance;
  beforeAll(async () => {
    guarded = Fastify();
    const controller = new AdmissionController({ settings: testSettings(), set: loadedSet(), namespaces: new StaticNamespaceLabels({}), clock: () => NOW });
    await guarded.register(admissionWebhookPlugin, { controller: () => controller, maxRequestBytes: 64 * 1024, callerToken: 'api-server-token-0123456789' });
  });
  afterAll(() => guarded.close());

  it('answers only the caller with the token; others get 401 before their body is judged', async () => {
    const payload = review(request(POD, pod([{ name: 'a', image: `${AIRLOCK}/acme/api:1.0` }])));
    const send = (authorization?: string) => guarded.inject({ method: 'POST', url: '/validate', payload, headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) } });
    expect((await send('Bearer api-server-token-0123456789')).json<{ response: { allowed: boolean } }>().response.allowed).toBe(true);
    for (const authorization of [undefined, 'Bearer wrong', 'Bearer api-server-token-012345678', 'Basic YTpi']) {
      const refused = await send(authorization);
      expect(refused.statusCode, String(authorization)).toBe(401);
      expect(refused.json<{ error: { code: string } }>().error.code).toBe('UNAUTHORIZED');
    }
  });
});
