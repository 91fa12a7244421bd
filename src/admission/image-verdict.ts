/**
 * What the cache knows about one Airlock image reference, as a verdict and the
 * words for it: approved runs, at-risk runs with a warning naming the
 * revocation date, everything else is refused with its reason.
 */
import type { LookupResult } from './approved-set.js';
import { effectiveTag, type NormalizedReference } from './image-reference.js';
import { reasonsText } from './reason-text.js';

export interface ImageVerdict {
  status: 'pass' | 'warn' | 'fail';
  /** Follows "image <reference> ". */
  text: string;
}

export function describeImage(reference: NormalizedReference, found: LookupResult): ImageVerdict {
  if (!found) return { status: 'fail', text: `is not approved: ${unknownText(reference)}` };
  const { image, via } = found;
  switch (image.state) {
    case 'approved':
    case 'at-risk':
      if (via === 'quarantine-tag') {
        return { status: 'fail', text: `is not approved under the tag ${effectiveTag(reference)}; run ${reference.host}/${image.repository}@${image.digest}` };
      }
      if (image.state === 'approved') return { status: 'pass', text: 'is approved' };
      return { status: 'warn', text: `is at risk: it will be revoked${image.revokeAt ? ` on ${new Date(image.revokeAt).toISOString().slice(0, 10)}` : ''} unless fixed: ${reasonsText(image.reasons)}` };
    case 'rejected':
      return { status: 'fail', text: `is not approved: rejected for ${reasonsText(image.reasons)}` };
    case 'revoked':
      return { status: 'fail', text: `is not approved: revoked for ${reasonsText(image.reasons)}` };
    case 'received':
    case 'scanning':
      return { status: 'fail', text: 'is not approved yet: the gate is still scanning it; try again when its verdict is in' };
    case 'error':
      return { status: 'fail', text: `is not approved: its scan failed${image.error ? ` (${image.error.slice(0, 200)})` : ''}; push it again` };
    default:
      return { status: 'fail', text: `is not approved: the gate reports it as ${image.state}` };
  }
}

/**
 * The mirror repository of a public reference (`mirror/docker.io/grafana/grafana`,
 * `mirror/registry.example_5000/team/app`: a port is written `_<port>`, as the
 * mirror names them); undefined for hosts the mirror encodes otherwise (IPv6).
 */
export function mirrorRepository(reference: NormalizedReference): string | undefined {
  const host = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(reference.host);
  if (!host) return undefined;
  return `mirror/${host[1]}${host[2] ? `_${host[2]}` : ''}/${reference.repository}`;
}

function unknownText(reference: NormalizedReference): string {
  const name = reference.repository.startsWith('quarantine/') ? reference.repository.slice('quarantine/'.length) : reference.repository;
  const what = reference.digest ? `${name}@${reference.digest}` : `${name}:${effectiveTag(reference)}`;
  if (name.startsWith('mirror/')) return `${what} is not mirrored; add it to the mirror catalog`;
  return `Airlock has no image ${what}; push it to quarantine/${reference.digest ? name : `${name}:${effectiveTag(reference)}`} and wait for its verdict`;
}
