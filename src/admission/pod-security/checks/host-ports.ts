/**
 * hostPorts (baseline, v1.0+): host ports bypass network policy and tie the pod to a node's port.
 * Upstream: policy/check_hostPorts.go. Restricted field ports[*].hostPort of every container; allowed values 0
 * or unset.
 */
import {
  ALLOWED,
  containersPhrase,
  forbidden,
  pluralize,
  sortedSet,
  type CheckOutcome,
  type PodSecurityCheck,
  type PodView,
} from '../check.js';
import { visitContainers } from '../containers.js';

function hostPortsV1Dot0({ spec }: PodView): CheckOutcome {
  const badContainers: string[] = [];
  const ports: string[] = [];
  for (const { name, container } of visitContainers(spec)) {
    const hostPorts = (container.ports ?? []).map((port) => port.hostPort ?? 0).filter((hostPort) => hostPort !== 0);
    if (hostPorts.length > 0) {
      badContainers.push(name);
      ports.push(...hostPorts.map(String));
    }
  }
  if (badContainers.length === 0) return ALLOWED;
  const distinctPorts = sortedSet(ports);
  return forbidden(
    'hostPort',
    `${containersPhrase(badContainers)} ${pluralize('uses', 'use', badContainers.length)} ` +
      `${pluralize('hostPort', 'hostPorts', distinctPorts.length)} ${distinctPorts.join(', ')}`,
  );
}

export const hostPorts: PodSecurityCheck = {
  id: 'hostPorts',
  level: 'baseline',
  revisions: [{ minor: 0, evaluate: hostPortsV1Dot0 }],
};
