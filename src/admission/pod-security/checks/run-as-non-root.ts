/**
 * runAsNonRoot (restricted, v1.0+; v1.35 exempts user-namespace pods): containers must be required to run as a
 * non-root user. Upstream: policy/check_runAsNonRoot.go. Restricted fields securityContext.runAsNonRoot of the
 * pod and every container; allowed: true, or unset on a container when the pod sets true. Windows pods are not
 * exempt (upstream's base_windows fixture sets it). From v1.35 a pod with `hostUsers: false` passes: root in its
 * user namespace is not root on the node (KEP-127).
 */
import {
  ALLOWED,
  containersPhrase,
  forbidden,
  inUserNamespace,
  type CheckOutcome,
  type PodSecurityCheck,
  type PodView,
} from '../check.js';
import { visitContainers } from '../containers.js';

const REASON = 'runAsNonRoot != true';

function runAsNonRootV1Dot0({ spec }: PodView): CheckOutcome {
  const podValue = spec.securityContext?.runAsNonRoot;
  const setters: string[] = podValue === false ? ['pod'] : [];
  const podRunsAsNonRoot = podValue === true;
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  for (const { name, container } of visitContainers(spec)) {
    const value = container.securityContext?.runAsNonRoot;
    if (value === false) explicitlyBad.push(name);
    else if (value !== true && !podRunsAsNonRoot) implicitlyBad.push(name);
  }
  if (explicitlyBad.length > 0) setters.push(containersPhrase(explicitlyBad));
  if (setters.length > 0) {
    return forbidden(REASON, `${setters.join(' and ')} must not set securityContext.runAsNonRoot=false`);
  }
  if (implicitlyBad.length > 0) {
    return forbidden(REASON, `pod or ${containersPhrase(implicitlyBad)} must set securityContext.runAsNonRoot=true`);
  }
  return ALLOWED;
}

function runAsNonRootV1Dot35(pod: PodView): CheckOutcome {
  return inUserNamespace(pod.spec) ? ALLOWED : runAsNonRootV1Dot0(pod);
}

export const runAsNonRoot: PodSecurityCheck = {
  id: 'runAsNonRoot',
  level: 'restricted',
  revisions: [
    { minor: 0, evaluate: runAsNonRootV1Dot0 },
    { minor: 35, evaluate: runAsNonRootV1Dot35 },
  ],
};
