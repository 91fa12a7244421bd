/**
 * seccompProfile_restricted (restricted, v1.19+; v1.25 exempts Windows pods; replaces seccompProfile_baseline
 * at the restricted level): a seccomp profile must be set, to RuntimeDefault or Localhost, on the pod or on
 * every container. Upstream: policy/check_seccompProfile_restricted.go.
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
import { allowedSeccompType } from './seccomp-profile-baseline.js';

function seccompProfileRestrictedV1Dot19({ spec }: PodView): CheckOutcome {
  const setters: string[] = [];
  const badTypes: string[] = [];
  const podProfile = spec.securityContext?.seccompProfile;
  if (podProfile && !allowedSeccompType(podProfile.type)) {
    setters.push('pod');
    badTypes.push(podProfile.type ?? '');
  }
  const podSet = Boolean(podProfile) && allowedSeccompType(podProfile?.type);
  const explicitlyBad: string[] = [];
  const implicitlyBad: string[] = [];
  for (const { name, container } of visitContainers(spec)) {
    const profile = container.securityContext?.seccompProfile;
    if (profile && !allowedSeccompType(profile.type)) {
      explicitlyBad.push(name);
      badTypes.push(profile.type ?? '');
    } else if (!profile && !podSet) {
      implicitlyBad.push(name);
    }
  }
  if (explicitlyBad.length > 0) setters.push(containersPhrase(explicitlyBad));
  if (setters.length > 0) {
    const types = joinQuote(sortedSet(badTypes));
    return forbidden('seccompProfile', `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${types}`);
  }
  if (implicitlyBad.length > 0) {
    return forbidden(
      'seccompProfile',
      `pod or ${containersPhrase(implicitlyBad)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    );
  }
  return ALLOWED;
}

/** Pod validation rejects seccompProfile on Windows pods, so they are admitted without one. */
function seccompProfileRestrictedV1Dot25(pod: PodView): CheckOutcome {
  return isWindowsPod(pod.spec) ? ALLOWED : seccompProfileRestrictedV1Dot19(pod);
}

const OVERRIDES = ['seccompProfile_baseline'];

export const seccompProfileRestricted: PodSecurityCheck = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  revisions: [
    { minor: 19, evaluate: seccompProfileRestrictedV1Dot19, overrides: OVERRIDES },
    { minor: 25, evaluate: seccompProfileRestrictedV1Dot25, overrides: OVERRIDES },
  ],
};
