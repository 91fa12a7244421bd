/**
 * privileged (baseline, v1.0+): privileged containers disable most security mechanisms.
 * Upstream: policy/check_privileged.go. Restricted field securityContext.privileged of every container;
 * allowed values false or unset.
 */
import { ALLOWED, containersPhrase, forbidden, type CheckOutcome, type PodSecurityCheck, type PodView } from '../check.js';
import { visitContainers } from '../containers.js';

function privilegedV1Dot0({ spec }: PodView): CheckOutcome {
  const bad = visitContainers(spec)
    .filter(({ container }) => container.securityContext?.privileged === true)
    .map(({ name }) => name);
  if (bad.length === 0) return ALLOWED;
  return forbidden('privileged', `${containersPhrase(bad)} must not set securityContext.privileged=true`);
}

export const privileged: PodSecurityCheck = {
  id: 'privileged',
  level: 'baseline',
  revisions: [{ minor: 0, evaluate: privilegedV1Dot0 }],
};
