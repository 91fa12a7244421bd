/**
 * hostPathVolumes (baseline, v1.0+): hostPath volumes expose the node's filesystem.
 * Upstream: policy/check_hostPathVolumes.go. Restricted field spec.volumes[*].hostPath; allowed value unset.
 * At the restricted level restrictedVolumes replaces this check.
 */
import { ALLOWED, forbidden, joinQuote, pluralize, type CheckOutcome, type PodSecurityCheck, type PodView } from '../check.js';
import { volumeName } from './volume-sources.js';

function hostPathVolumesV1Dot0({ spec }: PodView): CheckOutcome {
  const volumes = spec.volumes ?? [];
  const bad = volumes.flatMap((volume, index) =>
    volume.hostPath !== undefined && volume.hostPath !== null ? [volumeName(volume, index)] : [],
  );
  if (bad.length === 0) return ALLOWED;
  return forbidden('hostPath volumes', `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad)}`);
}

export const hostPathVolumes: PodSecurityCheck = {
  id: 'hostPathVolumes',
  level: 'baseline',
  revisions: [{ minor: 0, evaluate: hostPathVolumesV1Dot0 }],
};
