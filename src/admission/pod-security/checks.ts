/**
 * The explicit list of Pod Security checks (k8s.io/pod-security-admission policy: one check_*.go per entry),
 * validated once at load the way upstream's registry validates them (policy/registry.go: validateChecks):
 * unique ids, revisions in strictly increasing version order, overrides only from restricted onto baseline.
 * Adding a check = a file under checks/ and a line here.
 */
import { byteOrder, type CheckLevel, type PodSecurityCheck } from './check.js';
import { allowPrivilegeEscalation } from './checks/allow-privilege-escalation.js';
import { appArmorProfile } from './checks/app-armor-profile.js';
import { capabilitiesBaseline } from './checks/capabilities-baseline.js';
import { capabilitiesRestricted } from './checks/capabilities-restricted.js';
import { hostNamespaces } from './checks/host-namespaces.js';
import { hostPathVolumes } from './checks/host-path-volumes.js';
import { hostPorts } from './checks/host-ports.js';
import { hostProbesAndHostLifecycle } from './checks/host-probes-and-host-lifecycle.js';
import { privileged } from './checks/privileged.js';
import { procMount } from './checks/proc-mount.js';
import { procMountRestricted } from './checks/proc-mount-restricted.js';
import { restrictedVolumes } from './checks/restricted-volumes.js';
import { runAsNonRoot } from './checks/run-as-non-root.js';
import { runAsUser } from './checks/run-as-user.js';
import { seccompProfileBaseline } from './checks/seccomp-profile-baseline.js';
import { seccompProfileRestricted } from './checks/seccomp-profile-restricted.js';
import { seLinuxOptions } from './checks/se-linux-options.js';
import { sysctls } from './checks/sysctls.js';
import { windowsHostProcess } from './checks/windows-host-process.js';
import { formatMinor, type PodSecurityVersion } from './version.js';

const CHECK_LIST: readonly PodSecurityCheck[] = [
  // baseline
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  appArmorProfile,
  seLinuxOptions,
  procMount,
  seccompProfileBaseline,
  sysctls,
  windowsHostProcess,
  hostProbesAndHostLifecycle,
  // restricted
  restrictedVolumes,
  runAsNonRoot,
  allowPrivilegeEscalation,
  seccompProfileRestricted,
  capabilitiesRestricted,
  runAsUser,
  procMountRestricted,
];

/** Throws when the list breaks an invariant: a programming error caught at start-up, not at request time. */
export function validateChecks(checks: readonly PodSecurityCheck[]): void {
  const levels = new Map<string, CheckLevel>();
  for (const check of checks) {
    if (levels.has(check.id)) throw new Error(`Pod Security check ${check.id} is listed twice`);
    levels.set(check.id, check.level);
    if (check.revisions.length === 0) throw new Error(`Pod Security check ${check.id} has no revisions`);
    check.revisions.forEach((revision, index) => {
      const previous = check.revisions[index - 1];
      if (previous !== undefined && previous.minor >= revision.minor) {
        throw new Error(`Pod Security check ${check.id}: revisions must have strictly increasing versions`);
      }
    });
  }
  for (const check of checks) {
    for (const override of check.revisions.flatMap((revision) => revision.overrides ?? [])) {
      if (check.level !== 'restricted' || levels.get(override) !== 'baseline') {
        throw new Error(`Pod Security check ${check.id}: only a restricted check may override a baseline check (${override})`);
      }
    }
  }
}

validateChecks(CHECK_LIST);

/** Upstream's evaluation order: baseline ids sorted, then restricted ids sorted (policy/registry.go: populate). */
export const CHECKS: readonly PodSecurityCheck[] = [...CHECK_LIST].sort(
  (a, b) => (a.level === b.level ? byteOrder(a.id, b.id) : a.level === 'baseline' ? -1 : 1),
);

export interface PodSecurityCheckInfo {
  id: string;
  level: CheckLevel;
  /** The first policy version the check applies to. */
  since: PodSecurityVersion;
}

export const POD_SECURITY_CHECKS: readonly PodSecurityCheckInfo[] = Object.freeze(
  CHECKS.map((check) => Object.freeze({ id: check.id, level: check.level, since: formatMinor(check.revisions[0]?.minor ?? 0) })),
);
