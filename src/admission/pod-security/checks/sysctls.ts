/**
 * sysctls (baseline, v1.0+; the allowed set grows in v1.27, v1.29, v1.32 and v1.37): only "safe" sysctls, namespaced
 * per pod and isolated from other pods on the node, may be set. Upstream: policy/check_sysctls.go (and
 * kubernetes/kubernetes#118846, #121240, #127489, #138389 for the additions). Restricted field
 * spec.securityContext.sysctls[*].name.
 */
import { ALLOWED, forbidden, type CheckFn, type CheckOutcome, type PodSecurityCheck, type PodView } from '../check.js';

const ALLOWED_V1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const ALLOWED_V1_27 = [...ALLOWED_V1_0, 'net.ipv4.ip_local_reserved_ports'];
const ALLOWED_V1_29 = [
  ...ALLOWED_V1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const ALLOWED_V1_32 = [...ALLOWED_V1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const ALLOWED_V1_37 = [...ALLOWED_V1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function sysctlsAllowing(names: readonly string[]): CheckFn {
  const allowed = new Set(names);
  return ({ spec }: PodView): CheckOutcome => {
    const requested = (spec.securityContext?.sysctls ?? []).map((sysctl) => sysctl.name ?? '');
    const bad = [...new Set(requested.filter((name) => !allowed.has(name)))];
    return bad.length === 0 ? ALLOWED : forbidden('forbidden sysctls', bad.join(', '));
  };
}

export const sysctls: PodSecurityCheck = {
  id: 'sysctls',
  level: 'baseline',
  revisions: [
    { minor: 0, evaluate: sysctlsAllowing(ALLOWED_V1_0) },
    { minor: 27, evaluate: sysctlsAllowing(ALLOWED_V1_27) },
    { minor: 29, evaluate: sysctlsAllowing(ALLOWED_V1_29) },
    { minor: 32, evaluate: sysctlsAllowing(ALLOWED_V1_32) },
    { minor: 37, evaluate: sysctlsAllowing(ALLOWED_V1_37) },
  ],
};
