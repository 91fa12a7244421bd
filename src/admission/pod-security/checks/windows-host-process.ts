/**
 * windowsHostProcess (baseline, v1.0+): Windows HostProcess containers run with host access.
 * Upstream: policy/check_windowsHostProcess.go. Restricted field securityContext.windowsOptions.hostProcess of
 * the pod and every container; allowed values false or unset.
 */
import { ALLOWED, containersPhrase, forbidden, type CheckOutcome, type PodSecurityCheck, type PodView } from '../check.js';
import { visitContainers } from '../containers.js';

function windowsHostProcessV1Dot0({ spec }: PodView): CheckOutcome {
  const setters: string[] = [];
  if (spec.securityContext?.windowsOptions?.hostProcess === true) setters.push('pod');
  const badContainers = visitContainers(spec)
    .filter(({ container }) => container.securityContext?.windowsOptions?.hostProcess === true)
    .map(({ name }) => name);
  if (badContainers.length > 0) setters.push(containersPhrase(badContainers));
  if (setters.length === 0) return ALLOWED;
  return forbidden('hostProcess', `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`);
}

export const windowsHostProcess: PodSecurityCheck = {
  id: 'windowsHostProcess',
  level: 'baseline',
  revisions: [{ minor: 0, evaluate: windowsHostProcessV1Dot0 }],
};
