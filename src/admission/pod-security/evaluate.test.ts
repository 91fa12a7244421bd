import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PodSecurityCheck } from './check.js';
import { CHECKS, POD_SECURITY_CHECKS, validateChecks } from './checks.js';
import { checkPodSecurity, checksToRun, INVALID_POD_CHECK } from './evaluate.js';
import { appSecurityContext, failingChecks, restrictedSpec } from './pod-security-harness.js';
import { PodSecurityError } from './pod-security-error.js';

describe('checkPodSecurity', () => {
  it('reports nothing at the privileged level, whatever the pod', () => {
    expect(checkPodSecurity({ spec: { hostPID: true } }, { level: 'privileged', version: 'latest' })).toEqual([]);
    expect(checkPodSecurity({ spec: 'not a spec' }, { level: 'privileged', version: 'v1.0' })).toEqual([]);
  });

  it('words a violation as upstream does, reason then detail naming containers and fields', () => {
    const spec = restrictedSpec();
    appSecurityContext(spec).privileged = true;
    expect(checkPodSecurity({ spec }, { level: 'baseline', version: 'latest' })).toEqual([
      { check: 'privileged', level: 'baseline', message: 'privileged (container "app" must not set securityContext.privileged=true)' },
    ]);
  });

  it('reports one violation per failing check, in upstream order (baseline ids, then restricted ids)', () => {
    const spec = restrictedSpec();
    spec.hostNetwork = true;
    spec.securityContext = { sysctls: [{ name: 'kernel.msgmax' }] };
    spec.containers[0]!.ports = [{ hostPort: 80 }, { hostPort: 443 }];
    spec.containers.push({ name: 'sidecar', ports: [{ hostPort: 80 }] });
    const violations = checkPodSecurity({ spec }, { level: 'restricted', version: 'latest' });
    expect(violations.map((violation) => violation.check)).toEqual([
      'hostNamespaces',
      'hostPorts',
      'sysctls',
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'runAsNonRoot',
      'seccompProfile_restricted',
    ]);
    expect(violations[1]?.message).toBe('hostPort (containers "app", "sidecar" use hostPorts 443, 80)');
    expect(violations.map((violation) => violation.level)).toEqual([
      ...Array<string>(3).fill('baseline'),
      ...Array<string>(4).fill('restricted'),
    ]);
  });

  it('gives the same answer for latest, the newest version and any later one', () => {
    const spec = restrictedSpec();
    spec.securityContext!.sysctls = [{ name: 'net.ipv4.tcp_notsent_lowat' }, { name: 'kernel.msgmax' }];
    const at = (version: string) => checkPodSecurity({ spec }, { level: 'restricted', version });
    expect(at('latest')).toEqual(at('v1.37'));
    expect(at('v1.99')).toEqual(at('v1.37'));
  });

  it('denies a pod whose fields have the wrong types, naming them (the API server would reject it)', () => {
    const spec = { containers: [{ name: 'app', securityContext: { privileged: 'true' } }], hostPID: 1 };
    const [violation, ...rest] = checkPodSecurity({ spec }, { level: 'baseline', version: 'latest' });
    expect(rest).toEqual([]);
    expect(violation?.check).toBe(INVALID_POD_CHECK);
    expect(violation?.message).toContain('spec.containers[0].securityContext.privileged');
    expect(violation?.message).toContain('spec.hostPID');
    expect(failingChecks('restricted', 'latest', null)).toEqual([INVALID_POD_CHECK]);
    expect(failingChecks('baseline', 'latest', { containers: [null] })).toEqual([INVALID_POD_CHECK]);
  });

  it('reads null fields as unset, as Go decoding does', () => {
    const spec = { securityContext: null, containers: [{ name: 'app', securityContext: null, ports: null }], volumes: null };
    expect(failingChecks('baseline', 'latest', spec)).toEqual([]);
  });

  it('throws a typed error for an invalid policy', () => {
    expect(() => checkPodSecurity({ spec: {} }, { level: 'strict' as 'baseline', version: 'latest' })).toThrow(PodSecurityError);
    expect(() => checkPodSecurity({ spec: {} }, { level: 'baseline', version: 'v2.0' })).toThrow(PodSecurityError);
  });

  it('never throws on arbitrary JSON', () => {
    const level = fc.constantFrom('privileged' as const, 'baseline' as const, 'restricted' as const);
    fc.assert(
      fc.property(fc.jsonValue(), fc.anything(), level, fc.nat(40), (spec, metadata, lvl, minor) => {
        const pod = { metadata: metadata as { annotations?: Record<string, string> }, spec };
        const violations = checkPodSecurity(pod, { level: lvl, version: `v1.${minor}` });
        expect(Array.isArray(violations)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on pod-shaped input with odd values, and restricted never allows what baseline denies', () => {
    fc.assert(
      fc.property(podShaped(), fc.nat(40), (spec, minor) => {
        const version = `v1.${minor}`;
        const baseline = failingChecks('baseline', version, spec);
        const restricted = failingChecks('restricted', version, spec);
        if (baseline.length > 0) expect(restricted.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });
});

/** Pod specs built from the fields the checks read, with values of the right and the wrong types. */
function podShaped(): fc.Arbitrary<unknown> {
  const words = ['', 'Unmasked', 'Default', 'RuntimeDefault', 'Unconfined', 'Localhost', 'ALL', 'NET_RAW', 'windows', 'kernel.msgmax'];
  const scalar = fc.oneof(fc.boolean(), fc.integer({ min: -1, max: 70000 }), fc.constantFrom(...words), fc.constant(null));
  const maybe = <T>(value: fc.Arbitrary<T>) => fc.option(fc.oneof(value, scalar), { nil: undefined });
  const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(shape: T) => fc.record(shape, { requiredKeys: [] });
  const profile = partial({ type: maybe(scalar) });
  const capabilities = partial({
    add: maybe(fc.array(fc.constantFrom('NET_RAW', 'CHOWN', 'NET_BIND_SERVICE'))),
    drop: maybe(fc.array(fc.constantFrom('ALL', 'all'))),
  });
  const securityContext = partial({
    privileged: maybe(fc.boolean()),
    allowPrivilegeEscalation: maybe(fc.boolean()),
    runAsNonRoot: maybe(fc.boolean()),
    runAsUser: maybe(fc.integer({ min: 0, max: 2 })),
    procMount: maybe(scalar),
    seccompProfile: maybe(profile),
    appArmorProfile: maybe(profile),
    capabilities: maybe(capabilities),
    windowsOptions: maybe(partial({ hostProcess: maybe(fc.boolean()) })),
    sysctls: maybe(fc.array(partial({ name: maybe(scalar) }))),
  });
  const container = partial({
    name: maybe(fc.constantFrom('app', 'init', '')),
    securityContext: maybe(securityContext),
    ports: maybe(fc.array(partial({ hostPort: maybe(fc.integer({ min: 0, max: 2 })) }))),
  });
  const volume = fc.dictionary(fc.constantFrom('name', 'hostPath', 'emptyDir', 'nfs', 'image'), scalar);
  return partial({
    hostNetwork: maybe(fc.boolean()),
    hostUsers: maybe(fc.boolean()),
    os: maybe(partial({ name: maybe(scalar) })),
    securityContext: maybe(securityContext),
    containers: maybe(fc.array(container, { maxLength: 3 })),
    initContainers: maybe(fc.array(container, { maxLength: 2 })),
    ephemeralContainers: maybe(fc.array(container, { maxLength: 1 })),
    volumes: maybe(fc.array(volume)),
  });
}

describe('the check list', () => {
  it('lists the 19 upstream checks with the version each started at', () => {
    expect(POD_SECURITY_CHECKS.map(({ id, level, since }) => `${level} ${id} ${since}`)).toEqual([
      'baseline appArmorProfile v1.0',
      'baseline capabilities_baseline v1.0',
      'baseline hostNamespaces v1.0',
      'baseline hostPathVolumes v1.0',
      'baseline hostPorts v1.0',
      'baseline hostProbesAndHostLifecycle v1.34',
      'baseline privileged v1.0',
      'baseline procMount v1.0',
      'baseline seLinuxOptions v1.0',
      'baseline seccompProfile_baseline v1.0',
      'baseline sysctls v1.0',
      'baseline windowsHostProcess v1.0',
      'restricted allowPrivilegeEscalation v1.8',
      'restricted capabilities_restricted v1.22',
      'restricted procMount_restricted v1.35',
      'restricted restrictedVolumes v1.0',
      'restricted runAsNonRoot v1.0',
      'restricted runAsUser v1.23',
      'restricted seccompProfile_restricted v1.19',
    ]);
  });

  it('runs overriding restricted checks in place of the baseline ones they replace', () => {
    const ids = (minor: number) => checksToRun('restricted', minor).map(({ check }) => check.id);
    expect(ids(37)).toEqual(expect.not.arrayContaining(['capabilities_baseline', 'seccompProfile_baseline', 'procMount', 'hostPathVolumes']));
    expect(ids(34)).toContain('procMount');
    expect(ids(21)).toContain('capabilities_baseline');
    expect(ids(18)).toContain('seccompProfile_baseline');
    expect(checksToRun('baseline', 37)).toHaveLength(12);
    expect(checksToRun('restricted', 37)).toHaveLength(15);
  });

  it('rejects an invalid list at start-up', () => {
    const [first, second] = CHECKS as [PodSecurityCheck, PodSecurityCheck];
    expect(() => validateChecks([first, first])).toThrow(/listed twice/);
    expect(() => validateChecks([{ ...first, revisions: [] }])).toThrow(/no revisions/);
    const allow = () => ({ allowed: true as const });
    const backwards = { ...second, revisions: [{ minor: 5, evaluate: allow }, { minor: 2, evaluate: allow }] };
    expect(() => validateChecks([backwards])).toThrow(/increasing/);
    const baselineOverriding = { id: 'x', level: 'baseline' as const, revisions: [{ minor: 0, evaluate: allow, overrides: [first.id] }] };
    expect(() => validateChecks([first, baselineOverriding])).toThrow(/override/);
  });
});
