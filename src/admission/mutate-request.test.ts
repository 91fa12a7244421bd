/** The mutating decision: JSON Patches that pin approved tags and move public images to their mirror. */
import { describe, expect, it } from 'vitest';
import { AIRLOCK, DEPLOYMENT, DIGEST_A, NOW, POD, deployment, loadedSet, pod, request, testSettings } from './admission-harness.js';
import type { AdmissionRequest } from './admission-review.js';
import type { AdmissionSettings } from './admission-settings.js';
import { ApprovedSet } from './approved-set.js';
import { mutateRequest } from './mutate-request.js';
import { StaticNamespaceLabels } from './namespace-labels.js';
import { podSecurityDefaults } from './pod-security-check.js';
import type { Decision } from './validate-request.js';

const GRAFANA = `sha256:${'e'.repeat(64)}`;

function mutate(body: AdmissionRequest, settings: AdmissionSettings = testSettings(), set: ApprovedSet = loadedSet()): Decision {
  return mutateRequest(body, { settings, set, namespaces: new StaticNamespaceLabels({}), podSecurity: podSecurityDefaults(settings.podSecurity), now: NOW });
}

function patchOf(decision: Decision): unknown {
  expect(decision.response.patchType).toBe('JSONPatch');
  return JSON.parse(Buffer.from(decision.response.patch as string, 'base64').toString('utf8'));
}

describe('mutateRequest', () => {
  it('pins an approved tag to its digest, keeping the host as written', () => {
    const decision = mutate(request(POD, pod([{ name: 'api', image: `${AIRLOCK}/acme/api:1.0` }, { name: 'web', image: `${AIRLOCK.toUpperCase()}/acme/web` }])));
    expect(decision.outcome).toBe('patched');
    expect(decision.response.allowed).toBe(true);
    expect(patchOf(decision)).toEqual([
      { op: 'replace', path: '/spec/containers/0/image', value: `${AIRLOCK}/acme/api@${DIGEST_A}` },
      { op: 'replace', path: '/spec/containers/1/image', value: `${AIRLOCK}/acme/web@sha256:${'f'.repeat(64)}` },
    ]);
    expect(decision.details).toEqual({ rewrites: [expect.objectContaining({ container: 'api', why: 'pin' }), expect.objectContaining({ container: 'web', why: 'pin' })] });
  });

  it('patches the pod template of workloads, CronJobs one level deeper', () => {
    const cronJob = { spec: { jobTemplate: { spec: { template: { spec: { initContainers: [{ name: 'init', image: `${AIRLOCK}/acme/api:1.0` }], containers: [{ name: 'job', image: `${AIRLOCK}/acme/api@${DIGEST_A}` }] } } } } } };
    expect(patchOf(mutate(request({ group: 'batch', version: 'v1', kind: 'CronJob' }, cronJob)))).toEqual([
      { op: 'replace', path: '/spec/jobTemplate/spec/template/spec/initContainers/0/image', value: `${AIRLOCK}/acme/api@${DIGEST_A}` },
    ]);
    expect(patchOf(mutate(request(DEPLOYMENT, deployment([{ name: 'a', image: `${AIRLOCK}/acme/api:1.0` }]))))).toEqual([{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: `${AIRLOCK}/acme/api@${DIGEST_A}` }]);
  });

  it('leaves alone what may not run, what is pinned already, and quarantine images', () => {
    for (const image of [`${AIRLOCK}/acme/api:0.9`, `${AIRLOCK}/acme/api:2.0`, `${AIRLOCK}/acme/api@${DIGEST_A}`, `${AIRLOCK}/quarantine/acme/api:1.0`, 'nginx', 'Bad/Ref']) {
      expect(mutate(request(POD, pod([{ name: 'a', image }]))).response, image).toEqual({ uid: 'uid-1', allowed: true });
    }
    expect(mutate(request(POD, pod([{ name: 'a', image: `${AIRLOCK}/acme/api:1.0` }])), testSettings({ images: { pinDigests: false } })).response.patch).toBeUndefined();
  });

  it('moves public images to their approved mirror when configured', () => {
    const settings = testSettings({ images: { rewriteToMirror: true } });
    for (const image of ['grafana/grafana:10.4.1', 'docker.io/grafana/grafana:10.4.1', `docker.io/grafana/grafana@${GRAFANA}`]) {
      expect(patchOf(mutate(request(POD, pod([{ name: 'g', image }])), settings)), image).toEqual([{ op: 'replace', path: '/spec/containers/0/image', value: `${AIRLOCK}/mirror/docker.io/grafana/grafana@${GRAFANA}` }]);
    }
    expect(mutate(request(POD, pod([{ name: 'g', image: 'grafana/grafana:9' }])), settings).response.patch).toBeUndefined();
    expect(mutate(request(POD, pod([{ name: 'g', image: 'grafana/grafana:10.4.1' }]))).response.patch).toBeUndefined();
  });

  it('does not pin images an update leaves unchanged (that would roll the Deployment out)', () => {
    const old = deployment([{ name: 'a', image: `${AIRLOCK}/acme/api:1.0` }, { name: 'b', image: `${AIRLOCK}/acme/web:5` }]);
    const updated = deployment([{ name: 'a', image: `${AIRLOCK}/acme/api:1.0` }, { name: 'b', image: `${AIRLOCK}/acme/web:latest` }]);
    expect(patchOf(mutate(request(DEPLOYMENT, updated, { operation: 'UPDATE', oldObject: old })))).toEqual([{ op: 'replace', path: '/spec/template/spec/containers/1/image', value: `${AIRLOCK}/acme/web@sha256:${'f'.repeat(64)}` }]);
  });

  it('never refuses: without a usable cache it allows unchanged, with a warning; other kinds and malformed objects pass', () => {
    expect(mutate(request(POD, pod([{ name: 'a', image: `${AIRLOCK}/acme/api:1.0` }])), testSettings(), new ApprovedSet()).response).toEqual({ uid: 'uid-1', allowed: true, warnings: ['images were not pinned to digests: the approved-image cache has not been loaded from Airlock yet'] });
    expect(mutate(request({ group: '', version: 'v1', kind: 'Service' }, {})).response).toEqual({ uid: 'uid-1', allowed: true });
    expect(mutate(request(POD, { spec: 'nope' })).response).toEqual({ uid: 'uid-1', allowed: true });
  });
});
