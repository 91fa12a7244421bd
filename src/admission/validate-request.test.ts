/** The validating decision around the image rules: scope, failure modes, updates, Pod Security. */
import { describe, expect, it } from 'vitest';
import { AIRLOCK, DEPLOYMENT, NOW, POD, deployment, loadedSet, pod, request, restrictedContainer, testSettings, type TestContainer } from './admission-harness.js';
import type { AdmissionRequest } from './admission-review.js';
import type { AdmissionSettings } from './admission-settings.js';
import { ApprovedSet } from './approved-set.js';
import { StaticNamespaceLabels } from './namespace-labels.js';
import { podSecurityDefaults } from './pod-security-check.js';
import { validateRequest, type Decision } from './validate-request.js';

const APPROVED = `${AIRLOCK}/acme/api:1.0`;
const REVOKED = `${AIRLOCK}/acme/api:0.9`;
const LABELS = new StaticNamespaceLabels({
  'team-a': { 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' },
  strict: { 'pod-security.kubernetes.io/enforce': 'restricted' },
  sloppy: { 'pod-security.kubernetes.io/enforce': 'no-such-level' },
});

function validate(body: AdmissionRequest, options: { settings?: AdmissionSettings; set?: ApprovedSet; now?: number } = {}): Decision {
  const settings = options.settings ?? testSettings();
  return validateRequest(body, { settings, set: options.set ?? loadedSet(), namespaces: LABELS, podSecurity: podSecurityDefaults(settings.podSecurity), now: options.now ?? NOW });
}

const privileged: TestContainer = { name: 'root', image: APPROVED, securityContext: { privileged: true } };

describe('validateRequest', () => {
  it('lets deletes, subresources and unknown kinds through', () => {
    expect(validate(request(POD, pod([{ name: 'a', image: 'evil/x' }]), { operation: 'DELETE' })).outcome).toBe('skipped');
    expect(validate(request(POD, pod([{ name: 'a', image: 'evil/x' }]), { subResource: 'status' })).outcome).toBe('skipped');
    const configMap = validate(request({ group: '', version: 'v1', kind: 'ConfigMap' }, { data: {} }));
    expect(configMap.response).toEqual({ uid: 'uid-1', allowed: true, warnings: ['Airlock checks pods and pod templates; ConfigMap is not one of them'] });
  });

  it('checks ephemeral containers added to a running pod', () => {
    const object = pod([{ name: 'app', image: APPROVED }], { ephemeralContainers: [{ name: 'debug', image: 'busybox' }] });
    const decision = validate(request(POD, object, { operation: 'UPDATE', subResource: 'ephemeralcontainers', oldObject: pod([{ name: 'app', image: APPROVED }]) }));
    expect(decision.violations.map((violation) => violation.message)).toEqual([expect.stringMatching(/^ephemeral container debug: image busybox is not from an allowed registry/)]);
  });

  it('refuses a malformed object with a 400 naming the field', () => {
    expect(validate(request(DEPLOYMENT, { spec: { template: { spec: { containers: 'nginx' } } } })).response).toEqual({
      uid: 'uid-1',
      allowed: false,
      status: { code: 400, reason: 'BadRequest', message: 'Airlock: Deployment spec.template.spec.containers is not a list' },
    });
  });

  it('fails closed on an empty or stale cache, with one clear violation', () => {
    const empty = validate(request(POD, pod([{ name: 'a', image: APPROVED }])), { set: new ApprovedSet() });
    expect(empty.violations).toEqual([{ rule: 'image-cache', status: 'fail', message: 'approved images cannot be checked: the approved-image cache has not been loaded from Airlock yet; failing closed' }]);
    const stale = validate(request(POD, pod([{ name: 'a', image: APPROVED }, { name: 'b', image: REVOKED }])), { now: NOW + 6 * 60_000 });
    expect(stale.violations).toEqual([{ rule: 'image-cache', status: 'fail', message: 'approved images cannot be checked: the approved-image cache was last synced with Airlock 360s ago (limit 300s); failing closed' }]);
  });

  it('fails open when configured, with a warning, and still applies the rules that need no cache', () => {
    const settings = testSettings({ failureMode: 'open', stalenessLimit: '1m' });
    const decision = validate(request(POD, pod([{ name: 'a', image: REVOKED }]), { namespace: 'plain' }), { settings, now: NOW + 61_000 });
    expect(decision.response).toEqual({ uid: 'uid-1', allowed: true, warnings: ['approved images were not checked: the approved-image cache was last synced with Airlock 61s ago (limit 60s); allowed because the failure mode is open'] });
    expect(validate(request(POD, pod([{ name: 'a', image: 'nginx' }])), { settings, now: NOW + 61_000 }).violations.map((violation) => violation.rule)).toEqual(['image-registry']);
  });

  it('needs no cache for pods without Airlock images', () => {
    const decision = validate(request(POD, pod([{ name: 'a', image: 'nginx' }])), { set: new ApprovedSet() });
    expect(decision.violations.map((violation) => violation.rule)).toEqual(['image-registry']);
  });

  it('lets an update through when the refused image was already there (scaling a revoked Deployment down)', () => {
    const old = deployment([{ name: 'app', image: REVOKED }]);
    const scaled = { ...old, spec: { ...(old.spec as object), replicas: 0 } };
    const decision = validate(request(DEPLOYMENT, scaled, { operation: 'UPDATE', oldObject: old, namespace: 'plain' }));
    expect(decision.response.allowed).toBe(true);
    expect(decision.response.warnings).toEqual([expect.stringMatching(/revoked for CVE-2023-23916.*\(allowed: the image is unchanged by this update\)$/)]);
    const changed = validate(request(DEPLOYMENT, deployment([{ name: 'app', image: `${AIRLOCK}/acme/api:2.0` }]), { operation: 'UPDATE', oldObject: old }));
    expect(changed.response.allowed).toBe(false);
  });

  it('lists every violation of every container', () => {
    const decision = validate(request(DEPLOYMENT, deployment([{ name: 'a', image: REVOKED }, { name: 'b', image: 'nginx' }, { name: 'c', image: APPROVED }])));
    expect(decision.violations.map((violation) => `${violation.rule} ${violation.message.split(':')[0]}`)).toEqual(['image-approved container a', 'image-registry container b']);
    expect(decision.response.status?.message).toMatch(/^Airlock: \[image-approved\] container a: .*; \[image-registry\] container b: /);
  });
});

describe('validateRequest with Pod Security', () => {
  it('denies a Pod that violates the namespace’s enforce level, and warns at its warn level', () => {
    const decision = validate(request(POD, pod([privileged])));
    expect(decision.violations).toEqual([{ rule: 'pod-security:privileged', status: 'fail', message: expect.stringMatching(/^violates PodSecurity "baseline:latest": privileged \(container "root" must not set securityContext.privileged=true\)/) }]);
    const allowed = validate(request(POD, pod([{ name: 'app', image: APPROVED }])));
    expect(allowed.response.allowed).toBe(true);
    expect(allowed.response.warnings).toEqual([expect.stringMatching(/^would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/)]);
  });

  it('only warns about workloads, as Kubernetes does, unless enforceOnWorkloads is set', () => {
    const workload = request(DEPLOYMENT, deployment([privileged]));
    const warned = validate(workload);
    expect(warned.response.allowed).toBe(true);
    expect(warned.response.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^its pods would violate PodSecurity "baseline:latest" and be refused: privileged/)]));
    const enforced = validate(workload, { settings: testSettings({ podSecurity: { enforceOnWorkloads: true } }) });
    expect(enforced.violations.map((violation) => violation.rule)).toEqual(['pod-security:privileged']);
  });

  it('uses the configured defaults for namespaces without labels, and honours exemptions', () => {
    const settings = testSettings({ podSecurity: { enforce: 'restricted', audit: 'restricted', exemptions: { namespaces: ['kube-system'], usernames: ['system:serviceaccount:ops:deployer'] } } });
    const unlabelled = { namespace: 'elsewhere' };
    expect(validate(request(POD, pod([restrictedContainer('app', APPROVED)]), unlabelled), { settings }).response.allowed).toBe(true);
    const decision = validate(request(POD, pod([{ name: 'app', image: APPROVED }]), unlabelled), { settings });
    expect(decision.violations.map((violation) => violation.rule).sort()).toEqual(['pod-security:allowPrivilegeEscalation', 'pod-security:capabilities_restricted', 'pod-security:runAsNonRoot', 'pod-security:seccompProfile_restricted']);
    expect(decision.response.auditAnnotations).toEqual({ 'pod-security-audit': expect.stringMatching(/^would violate PodSecurity "restricted:latest"/) });
    expect(validate(request(POD, pod([privileged]), { namespace: 'kube-system' }), { settings }).response.allowed).toBe(true);
    expect(validate(request(POD, pod([privileged]), { namespace: 'x', userInfo: { username: 'system:serviceaccount:ops:deployer' } }), { settings }).response.allowed).toBe(true);
  });

  it('reports a bad namespace label and fails closed on it, as pod-security-admission does', () => {
    const decision = validate(request(POD, pod([restrictedContainer('app', APPROVED)]), { namespace: 'sloppy' }));
    expect(decision.response.allowed).toBe(true);
    expect(decision.warnings.some((warning) => warning.startsWith('pod security: '))).toBe(true);
    expect(validate(request(POD, pod([{ name: 'app', image: APPROVED }]), { namespace: 'sloppy' })).response.allowed).toBe(false);
  });

  it('does not judge Pod Security again on a plain pod update', () => {
    const before = pod([privileged]);
    expect(validate(request(POD, before, { operation: 'UPDATE', oldObject: before })).response.allowed).toBe(true);
  });
});
