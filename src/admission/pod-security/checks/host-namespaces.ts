/**
 * hostNamespaces (baseline, v1.0+): sharing the host's network, PID or IPC namespace defeats container isolation.
 * Upstream: policy/check_hostNamespaces.go. Restricted fields spec.hostNetwork, spec.hostPID, spec.hostIPC;
 * allowed values false or unset.
 */
import { ALLOWED, forbidden, type CheckOutcome, type PodSecurityCheck, type PodView } from '../check.js';

const HOST_NAMESPACE_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

function hostNamespacesV1Dot0({ spec }: PodView): CheckOutcome {
  const set = HOST_NAMESPACE_FIELDS.filter((field) => spec[field] === true).map((field) => `${field}=true`);
  return set.length === 0 ? ALLOWED : forbidden('host namespaces', set.join(', '));
}

export const hostNamespaces: PodSecurityCheck = {
  id: 'hostNamespaces',
  level: 'baseline',
  revisions: [{ minor: 0, evaluate: hostNamespacesV1Dot0 }],
};
