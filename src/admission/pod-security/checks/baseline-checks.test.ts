/** The baseline checks, one case per rule and version gate (upstream: policy/check_*_test.go). */
import { describe, expect, it } from 'vitest';
import { appSecurityContext, failingChecks, restrictedSpec, type TestSpec } from '../pod-security-harness.js';

function baseline(version: string, mutate: (spec: TestSpec) => void, annotations?: Record<string, string>): string[] {
  const spec = restrictedSpec();
  mutate(spec);
  return failingChecks('baseline', version, spec, annotations);
}

describe('hostNamespaces', () => {
  it.each(['hostNetwork', 'hostPID', 'hostIPC'] as const)('forbids %s=true and allows false', (field) => {
    expect(baseline('v1.0', (spec) => (spec[field] = true))).toEqual(['hostNamespaces']);
    expect(baseline('latest', (spec) => (spec[field] = false))).toEqual([]);
  });
});

describe('privileged', () => {
  it('forbids a privileged container of any kind, ephemeral ones included', () => {
    expect(baseline('latest', (spec) => (appSecurityContext(spec).privileged = true))).toEqual(['privileged']);
    const ephemeral = (spec: TestSpec): void => {
      spec.ephemeralContainers = [{ name: 'debug', securityContext: { privileged: true } }];
    };
    expect(baseline('latest', ephemeral)).toEqual(['privileged']);
    expect(baseline('latest', (spec) => (appSecurityContext(spec).privileged = false))).toEqual([]);
  });
});

describe('capabilities_baseline', () => {
  it('allows the runtime defaults and forbids the rest, matching names exactly', () => {
    expect(baseline('latest', (spec) => (appSecurityContext(spec).capabilities = { add: ['CHOWN', 'KILL'] }))).toEqual([]);
    for (const capability of ['SYS_ADMIN', 'NET_RAW', 'CAP_CHOWN', 'chown']) {
      expect(baseline('v1.0', (spec) => (appSecurityContext(spec).capabilities = { add: [capability] }))).toEqual(['capabilities_baseline']);
    }
  });
});

describe('hostPathVolumes and hostPorts', () => {
  it('forbids hostPath volumes, naming them', () => {
    const spec = restrictedSpec();
    spec.volumes = [{ name: 'root', hostPath: { path: '/' } }, { name: 'scratch', emptyDir: {} }];
    expect(failingChecks('baseline', 'latest', spec)).toEqual(['hostPathVolumes']);
  });

  it('forbids non-zero host ports only', () => {
    expect(baseline('latest', (spec) => (spec.containers[0]!.ports = [{ hostPort: 8080 }]))).toEqual(['hostPorts']);
    expect(baseline('latest', (spec) => (spec.containers[0]!.ports = [{ hostPort: 0 }, {}]))).toEqual([]);
  });
});

describe('appArmorProfile', () => {
  it('reads the securityContext fields of the pod and the containers', () => {
    expect(baseline('latest', (spec) => (spec.securityContext!.appArmorProfile = { type: 'Unconfined' }))).toEqual(['appArmorProfile']);
    expect(baseline('latest', (spec) => (appSecurityContext(spec).appArmorProfile = { type: 'Unconfined' }))).toEqual(['appArmorProfile']);
    expect(baseline('latest', (spec) => (appSecurityContext(spec).appArmorProfile = { type: 'Localhost', localhostProfile: 'p' }))).toEqual([]);
  });

  it('reads the deprecated beta annotations', () => {
    const key = 'container.apparmor.security.beta.kubernetes.io/app';
    expect(baseline('v1.0', () => undefined, { [key]: 'unconfined' })).toEqual(['appArmorProfile']);
    expect(baseline('latest', () => undefined, { [key]: 'runtime/default' })).toEqual([]);
    expect(baseline('latest', () => undefined, { [key]: 'localhost/custom' })).toEqual([]);
    expect(baseline('latest', () => undefined, { [key]: '' })).toEqual([]);
  });
});

describe('seLinuxOptions', () => {
  it('allows container_engine_t from v1.31', () => {
    const engine = (spec: TestSpec): void => {
      appSecurityContext(spec).seLinuxOptions = { type: 'container_engine_t' };
    };
    expect(baseline('v1.30', engine)).toEqual(['seLinuxOptions']);
    expect(baseline('v1.31', engine)).toEqual([]);
  });

  it('forbids a user or role but leaves the level free', () => {
    expect(baseline('latest', (spec) => (spec.securityContext!.seLinuxOptions = { level: 's0:c1,c2' }))).toEqual([]);
    const spec = restrictedSpec();
    appSecurityContext(spec).seLinuxOptions = { user: 'system_u' };
    const [violation] = failingChecks('baseline', 'latest', spec);
    expect(violation).toBe('seLinuxOptions');
  });
});

describe('procMount', () => {
  const unmasked = (hostUsers: boolean | undefined) => (spec: TestSpec): void => {
    spec.hostUsers = hostUsers;
    appSecurityContext(spec).procMount = 'Unmasked';
  };

  it('forbids anything but Default', () => {
    expect(baseline('v1.0', unmasked(undefined))).toEqual(['procMount']);
    expect(baseline('latest', unmasked(true))).toEqual(['procMount']);
    expect(baseline('latest', (spec) => (appSecurityContext(spec).procMount = 'Default'))).toEqual([]);
  });

  it('allows any value for a user-namespace pod from v1.35', () => {
    expect(baseline('v1.34', unmasked(false))).toEqual(['procMount']);
    expect(baseline('v1.35', unmasked(false))).toEqual([]);
  });
});

describe('seccompProfile_baseline', () => {
  const podAnnotation = 'seccomp.security.alpha.kubernetes.io/pod';
  const appAnnotation = 'container.seccomp.security.alpha.kubernetes.io/app';

  it('reads the alpha annotations up to v1.18 and the fields from v1.19', () => {
    expect(baseline('v1.18', () => undefined, { [podAnnotation]: 'unconfined' })).toEqual(['seccompProfile_baseline']);
    expect(baseline('v1.18', () => undefined, { [appAnnotation]: 'unconfined' })).toEqual(['seccompProfile_baseline']);
    expect(baseline('v1.19', () => undefined, { [podAnnotation]: 'unconfined' })).toEqual([]);
    const unconfined = (spec: TestSpec): void => {
      appSecurityContext(spec).seccompProfile = { type: 'Unconfined' };
    };
    expect(baseline('v1.18', unconfined)).toEqual([]);
    expect(baseline('v1.19', unconfined)).toEqual(['seccompProfile_baseline']);
  });

  it('allows the runtime default, docker/default and localhost profiles by annotation', () => {
    for (const value of ['runtime/default', 'docker/default', 'localhost/profile.json']) {
      expect(baseline('v1.10', () => undefined, { [podAnnotation]: value })).toEqual([]);
    }
    expect(baseline('v1.10', () => undefined, { 'container.seccomp.security.alpha.kubernetes.io/gone': 'unconfined' })).toEqual([]);
  });
});

describe('sysctls', () => {
  const sysctl = (name: string) => (spec: TestSpec): void => {
    spec.securityContext!.sysctls = [{ name }];
  };

  it.each([
    ['kernel.shm_rmid_forced', 'v1.0'],
    ['net.ipv4.ip_local_reserved_ports', 'v1.27'],
    ['net.ipv4.tcp_keepalive_time', 'v1.29'],
    ['net.ipv4.tcp_fin_timeout', 'v1.29'],
    ['net.ipv4.tcp_keepalive_intvl', 'v1.29'],
    ['net.ipv4.tcp_keepalive_probes', 'v1.29'],
    ['net.ipv4.tcp_rmem', 'v1.32'],
    ['net.ipv4.tcp_wmem', 'v1.32'],
    ['net.ipv4.tcp_slow_start_after_idle', 'v1.37'],
    ['net.ipv4.tcp_notsent_lowat', 'v1.37'],
  ])('allows %s from %s on', (name, since) => {
    const minor = Number(since.slice(3));
    if (minor > 0) expect(baseline(`v1.${minor - 1}`, sysctl(name))).toEqual(['sysctls']);
    expect(baseline(since, sysctl(name))).toEqual([]);
    expect(baseline('latest', sysctl(name))).toEqual([]);
  });

  it('forbids unsafe sysctls at every version', () => {
    expect(baseline('latest', sysctl('kernel.msgmax'))).toEqual(['sysctls']);
    expect(baseline('latest', sysctl('net.core.somaxconn'))).toEqual(['sysctls']);
  });
});

describe('windowsHostProcess', () => {
  it('forbids hostProcess on the pod or a container', () => {
    expect(baseline('v1.0', (spec) => (spec.securityContext!.windowsOptions = { hostProcess: true }))).toEqual(['windowsHostProcess']);
    expect(baseline('latest', (spec) => (appSecurityContext(spec).windowsOptions = { hostProcess: true }))).toEqual(['windowsHostProcess']);
    expect(baseline('latest', (spec) => (appSecurityContext(spec).windowsOptions = { hostProcess: false }))).toEqual([]);
  });
});

describe('hostProbesAndHostLifecycle', () => {
  it('forbids probe hosts from v1.34 only', () => {
    const probe = (spec: TestSpec): void => {
      spec.containers[0]!.livenessProbe = { httpGet: { host: '169.254.169.254' } };
    };
    expect(baseline('v1.33', probe)).toEqual([]);
    expect(baseline('v1.34', probe)).toEqual(['hostProbesAndHostLifecycle']);
  });

  it('covers every probe and lifecycle handler, and allows an empty host', () => {
    const handlers = ['readinessProbe', 'startupProbe'] as const;
    for (const handler of handlers) {
      expect(baseline('latest', (spec) => (spec.initContainers[0]![handler] = { tcpSocket: { host: '10.0.0.1' } }))).toEqual(['hostProbesAndHostLifecycle']);
    }
    expect(baseline('latest', (spec) => (spec.containers[0]!.lifecycle = { preStop: { tcpSocket: { host: 'x' } } }))).toEqual(['hostProbesAndHostLifecycle']);
    expect(baseline('latest', (spec) => (spec.containers[0]!.lifecycle = { postStart: { httpGet: { host: 'x' } } }))).toEqual(['hostProbesAndHostLifecycle']);
    expect(baseline('latest', (spec) => (spec.containers[0]!.livenessProbe = { httpGet: { host: '' } }))).toEqual([]);
  });
});
