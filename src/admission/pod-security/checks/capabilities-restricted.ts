/**
 * capabilities_restricted (restricted, v1.22+; v1.25 exempts Windows pods; replaces capabilities_baseline at the
 * restricted level): containers must drop ALL capabilities and may add back only NET_BIND_SERVICE.
 * Upstream: policy/check_capabilities_restricted.go. Restricted fields securityContext.capabilities.drop (must
 * include "ALL") and .add (unset, empty or NET_BIND_SERVICE) of every container.
 */
import {
  ALLOWED,
  containersPhrase,
  forbidden,
  isWindowsPod,
  joinQuote,
  sortedSet,
  type CheckOutcome,
  type PodSecurityCheck,
  type PodView,
} from '../check.js';
import { visitContainers } from '../containers.js';

function capabilitiesRestrictedV1Dot22({ spec }: PodView): CheckOutcome {
  const missingDropAll: string[] = [];
  const addingForbidden: string[] = [];
  const forbiddenCapabilities: string[] = [];
  for (const { name, container } of visitContainers(spec)) {
    const capabilities = container.securityContext?.capabilities;
    // Upstream matches "ALL" exactly: a lowercase "all" does not count.
    if (!capabilities?.drop?.includes('ALL')) missingDropAll.push(name);
    const extra = (capabilities?.add ?? []).filter((capability) => capability !== 'NET_BIND_SERVICE');
    if (extra.length > 0) {
      addingForbidden.push(name);
      forbiddenCapabilities.push(...extra);
    }
  }
  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(`${containersPhrase(missingDropAll)} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.length > 0) {
    const added = joinQuote(sortedSet(forbiddenCapabilities));
    details.push(`${containersPhrase(addingForbidden)} must not include ${added} in securityContext.capabilities.add`);
  }
  return details.length === 0 ? ALLOWED : forbidden('unrestricted capabilities', details.join('; '));
}

/** Pod validation rejects capabilities on Windows pods, so they are admitted without dropping any. */
function capabilitiesRestrictedV1Dot25(pod: PodView): CheckOutcome {
  return isWindowsPod(pod.spec) ? ALLOWED : capabilitiesRestrictedV1Dot22(pod);
}

const OVERRIDES = ['capabilities_baseline'];

export const capabilitiesRestricted: PodSecurityCheck = {
  id: 'capabilities_restricted',
  level: 'restricted',
  revisions: [
    { minor: 22, evaluate: capabilitiesRestrictedV1Dot22, overrides: OVERRIDES },
    { minor: 25, evaluate: capabilitiesRestrictedV1Dot25, overrides: OVERRIDES },
  ],
};
