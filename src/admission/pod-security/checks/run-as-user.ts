/**
 * runAsUser (restricted, v1.23+; v1.35 exempts user-namespace pods): containers must not explicitly run as
 * UID 0. Upstream: policy/check_runAsUser.go. Restricted fields securityContext.runAsUser of the pod and every
 * container; allowed: non-zero or unset.
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

function runAsUserV1Dot23({ spec }: PodView): CheckOutcome {
  const setters: string[] = spec.securityContext?.runAsUser === 0 ? ['pod'] : [];
  const badContainers = visitContainers(spec)
    .filter(({ container }) => container.securityContext?.runAsUser === 0)
    .map(({ name }) => name);
  if (badContainers.length > 0) setters.push(containersPhrase(badContainers));
  if (setters.length === 0) return ALLOWED;
  return forbidden('runAsUser=0', `${setters.join(' and ')} must not set runAsUser=0`);
}

function runAsUserV1Dot35(pod: PodView): CheckOutcome {
  return inUserNamespace(pod.spec) ? ALLOWED : runAsUserV1Dot23(pod);
}

export const runAsUser: PodSecurityCheck = {
  id: 'runAsUser',
  level: 'restricted',
  revisions: [
    { minor: 23, evaluate: runAsUserV1Dot23 },
    { minor: 35, evaluate: runAsUserV1Dot35 },
  ],
};
