/**
 * The restricted checks, one case per rule and version gate, including the overrides that replace baseline
 * checks at the restricted level (upstream: policy/check_*_test.go, policy/registry_test.go).
 */
import { describe, expect, it } from 'vitest';
import { appSecurityContext, failingChecks, restrictedSpec, type TestSpec } from '../pod-security-harness.js';

function restricted(version: string, mutate: (spec: TestSpec) => void): string[] {
  const spec = restrictedSpec();
  mutate(spec);
  return failingChecks('restricted', version, spec);
}

/** A Windows pod as upstream's base_windows fixture: only runAsNonRoot set. */
function windowsSpec(): TestSpec {
  return {
    os: { name: 'windows' },
    securityContext: { runAsNonRoot: true },
    initContainers: [{ name: 'init' }],
    containers: [{ name: 'app' }],
  };
}

it('the restricted test pod passes at every version', () => {
  for (let minor = 0; minor <= 40; minor += 1) expect(restricted(`v1.${minor}`, () => undefined)).toEqual([]);
});

describe('restrictedVolumes', () => {
  const volume = (source: Record<string, unknown>) => (spec: TestSpec): void => {
    spec.volumes = [{ name: 'data', ...source }];
  };

  it('allows the safe sources, image volumes included', () => {
    for (const source of ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']) {
      expect(restricted('latest', volume({ [source]: {} }))).toEqual([]);
    }
  });

  it('allows a volume with no source, which API-server defaulting makes an emptyDir', () => {
    expect(restricted('latest', volume({}))).toEqual([]);
    expect(restricted('latest', volume({ nfs: null }))).toEqual([]);
  });

  it('forbids other sources, and replaces hostPathVolumes at the restricted level', () => {
    expect(restricted('v1.0', volume({ nfs: { server: 's', path: '/' } }))).toEqual(['restrictedVolumes']);
    expect(restricted('latest', volume({ hostPath: { path: '/' } }))).toEqual(['restrictedVolumes']);
    expect(restricted('latest', volume({ someFutureSource: {} }))).toEqual(['restrictedVolumes']);
  });
});

describe('runAsNonRoot', () => {
  it('requires runAsNonRoot=true on the pod or on every container', () => {
    expect(restricted('v1.0', (spec) => (spec.securityContext!.runAsNonRoot = null))).toEqual(['runAsNonRoot']);
    expect(restricted('latest', (spec) => (appSecurityContext(spec).runAsNonRoot = false))).toEqual(['runAsNonRoot']);
    const everyContainer = (spec: TestSpec): void => {
      spec.securityContext!.runAsNonRoot = undefined;
      for (const container of [...spec.containers, ...spec.initContainers]) container.securityContext!.runAsNonRoot = true;
    };
    expect(restricted('latest', everyContainer)).toEqual([]);
  });

  it('exempts user-namespace pods from v1.35, and never Windows pods', () => {
    const userNamespaceRoot = (spec: TestSpec): void => {
      spec.hostUsers = false;
      spec.securityContext!.runAsNonRoot = false;
    };
    expect(restricted('v1.34', userNamespaceRoot)).toEqual(['runAsNonRoot']);
    expect(restricted('v1.35', userNamespaceRoot)).toEqual([]);
    const windows = windowsSpec();
    windows.securityContext = null;
    expect(failingChecks('restricted', 'latest', windows)).toEqual(['runAsNonRoot']);
  });
});

describe('runAsUser', () => {
  const root = (spec: TestSpec): void => {
    appSecurityContext(spec).runAsUser = 0;
  };

  it('forbids UID 0 from v1.23', () => {
    expect(restricted('v1.22', root)).toEqual([]);
    expect(restricted('v1.23', root)).toEqual(['runAsUser']);
    expect(restricted('latest', (spec) => (spec.securityContext!.runAsUser = 1000))).toEqual([]);
  });

  it('exempts user-namespace pods from v1.35', () => {
    const userNamespaceRoot = (spec: TestSpec): void => {
      spec.hostUsers = false;
      root(spec);
    };
    expect(restricted('v1.34', userNamespaceRoot)).toEqual(['runAsUser']);
    expect(restricted('v1.35', userNamespaceRoot)).toEqual([]);
  });
});

describe('allowPrivilegeEscalation', () => {
  it('requires an explicit false from v1.8', () => {
    const unset = (spec: TestSpec): void => {
      appSecurityContext(spec).allowPrivilegeEscalation = undefined;
    };
    expect(restricted('v1.7', unset)).toEqual([]);
    expect(restricted('v1.8', unset)).toEqual(['allowPrivilegeEscalation']);
    expect(restricted('latest', (spec) => (appSecurityContext(spec).allowPrivilegeEscalation = true))).toEqual(['allowPrivilegeEscalation']);
  });
});

describe('seccompProfile_restricted', () => {
  it('requires a profile from v1.19 and replaces seccompProfile_baseline', () => {
    const unset = (spec: TestSpec): void => {
      spec.securityContext!.seccompProfile = undefined;
    };
    expect(restricted('v1.18', unset)).toEqual([]);
    expect(restricted('v1.19', unset)).toEqual(['seccompProfile_restricted']);
    expect(restricted('latest', (spec) => (appSecurityContext(spec).seccompProfile = { type: 'Unconfined' }))).toEqual(['seccompProfile_restricted']);
  });

  it('accepts a Localhost profile, or one on every container', () => {
    expect(restricted('latest', (spec) => (spec.securityContext!.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' }))).toEqual([]);
    const perContainer = (spec: TestSpec): void => {
      spec.securityContext!.seccompProfile = undefined;
      for (const container of [...spec.containers, ...spec.initContainers]) container.securityContext!.seccompProfile = { type: 'RuntimeDefault' };
    };
    expect(restricted('latest', perContainer)).toEqual([]);
  });
});

describe('capabilities_restricted', () => {
  it('requires drop ALL from v1.22, when it replaces capabilities_baseline', () => {
    const noDrop = (spec: TestSpec): void => {
      appSecurityContext(spec).capabilities = { add: ['SYS_ADMIN'] };
    };
    expect(restricted('v1.21', noDrop)).toEqual(['capabilities_baseline']);
    expect(restricted('v1.22', noDrop)).toEqual(['capabilities_restricted']);
    expect(restricted('latest', (spec) => (appSecurityContext(spec).capabilities = { drop: ['all'] }))).toEqual(['capabilities_restricted']);
  });

  it('allows adding back NET_BIND_SERVICE only', () => {
    expect(restricted('latest', (spec) => (appSecurityContext(spec).capabilities = { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }))).toEqual([]);
    expect(restricted('latest', (spec) => (appSecurityContext(spec).capabilities = { drop: ['ALL'], add: ['CHOWN'] }))).toEqual(['capabilities_restricted']);
  });
});

describe('Windows pods (spec.os.name=windows)', () => {
  it('are exempt from the Linux-only restricted fields from v1.25', () => {
    expect(failingChecks('restricted', 'v1.25', windowsSpec())).toEqual([]);
    expect(failingChecks('restricted', 'v1.24', windowsSpec())).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'seccompProfile_restricted',
    ]);
  });

  it('are still held to the baseline checks', () => {
    const spec = windowsSpec();
    spec.securityContext!.windowsOptions = { hostProcess: true };
    expect(failingChecks('restricted', 'latest', spec)).toEqual(['windowsHostProcess']);
  });
});

describe('procMount_restricted', () => {
  const unmasked = (spec: TestSpec): void => {
    spec.hostUsers = false;
    appSecurityContext(spec).procMount = 'Unmasked';
  };

  it('keeps forbidding Unmasked for user-namespace pods from v1.35, in place of procMount', () => {
    expect(restricted('v1.34', unmasked)).toEqual(['procMount']);
    expect(restricted('v1.35', unmasked)).toEqual(['procMount_restricted']);
    const spec = restrictedSpec();
    unmasked(spec);
    expect(failingChecks('baseline', 'v1.35', spec)).toEqual([]);
  });
});
