/**
 * restrictedVolumes (restricted, v1.0+; replaces hostPathVolumes at the restricted level): only volume sources
 * that cannot reach the node or arbitrary storage are allowed. Upstream: policy/check_restrictedVolumes.go.
 * Allowed: configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret
 * (`image` was added to upstream's v1.0 revision as a bug fix, kubernetes/kubernetes#130394, so it is allowed at
 * every version).
 *
 * Two JSON-level details Go never sees: a volume with no source at all is allowed, because API-server defaulting
 * turns it into an emptyDir before admission (upstream's own pass fixture has one); and a source key we do not
 * know is named in the message, where upstream says "unknown".
 */
import { ALLOWED, forbidden, joinQuote, pluralize, sortedSet, type CheckOutcome, type PodSecurityCheck, type PodView } from '../check.js';
import type { Volume } from '../pod-schema.js';
import { volumeName, volumeSources } from './volume-sources.js';

const ALLOWED_SOURCES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** The forbidden source types upstream names, in the order its switch tests them. */
const KNOWN_FORBIDDEN_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

/**
 * The restricted source type a volume uses, or undefined when it is allowed. A valid volume has exactly one
 * source; on an invalid one with several, an allowed source does not hide a forbidden one (upstream's switch
 * would let it, leaving the API server's validation to reject the pod; we do not rely on that).
 */
function restrictedSource(volume: Volume): string | undefined {
  const forbiddenSources = volumeSources(volume).filter((source) => !ALLOWED_SOURCES.has(source));
  if (forbiddenSources.length === 0) return undefined;
  return KNOWN_FORBIDDEN_SOURCES.find((source) => forbiddenSources.includes(source)) ?? forbiddenSources.sort()[0];
}

function restrictedVolumesV1Dot0({ spec }: PodView): CheckOutcome {
  const badVolumes: string[] = [];
  const badTypes: string[] = [];
  (spec.volumes ?? []).forEach((volume, index) => {
    const source = restrictedSource(volume);
    if (source !== undefined) {
      badVolumes.push(volumeName(volume, index));
      badTypes.push(source);
    }
  });
  if (badVolumes.length === 0) return ALLOWED;
  const types = sortedSet(badTypes);
  return forbidden(
    'restricted volume types',
    `${pluralize('volume', 'volumes', badVolumes.length)} ${joinQuote(badVolumes)} ` +
      `${pluralize('uses', 'use', badVolumes.length)} ` +
      `${pluralize('restricted volume type', 'restricted volume types', types.length)} ${joinQuote(types)}`,
  );
}

export const restrictedVolumes: PodSecurityCheck = {
  id: 'restrictedVolumes',
  level: 'restricted',
  revisions: [{ minor: 0, evaluate: restrictedVolumesV1Dot0, overrides: ['hostPathVolumes'] }],
};
