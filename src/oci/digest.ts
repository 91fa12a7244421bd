/**
 * Content digests (`algorithm:encoded`), OCI image-spec "Digests" section.
 * Only sha256 and sha512 are registered algorithms; anything else is refused
 * rather than silently stored under a name we cannot verify.
 */
import { createHash, type Hash } from 'node:crypto';
import { OciError } from './errors.js';

export type DigestAlgorithm = 'sha256' | 'sha512';
/** A validated digest string such as `sha256:e3b0…`. */
export type Digest = string & { readonly __brand: 'Digest' };

const encodedLength: Record<DigestAlgorithm, number> = { sha256: 64, sha512: 128 };
const GRAMMAR = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export interface ParsedDigest {
  algorithm: DigestAlgorithm;
  hex: string;
  digest: Digest;
}

export function parseDigest(value: string): ParsedDigest {
  if (!GRAMMAR.test(value)) {
    throw new OciError('DIGEST_INVALID', `"${truncate(value)}" is not a digest (expected algorithm:hex, e.g. sha256:…)`);
  }
  const colon = value.indexOf(':');
  const algorithm = value.slice(0, colon);
  const hex = value.slice(colon + 1);
  if (algorithm !== 'sha256' && algorithm !== 'sha512') {
    throw new OciError('DIGEST_INVALID', `digest algorithm "${truncate(algorithm)}" is not supported (use sha256 or sha512)`);
  }
  if (hex.length !== encodedLength[algorithm] || !/^[a-f0-9]+$/.test(hex)) {
    throw new OciError('DIGEST_INVALID', `${algorithm} digests are ${encodedLength[algorithm]} lowercase hex characters`);
  }
  return { algorithm, hex, digest: value as Digest };
}

export function isDigest(value: string): boolean {
  try {
    parseDigest(value);
    return true;
  } catch {
    return false;
  }
}

export function createDigester(algorithm: DigestAlgorithm): Hash {
  return createHash(algorithm);
}

export function digestOf(content: Uint8Array | string, algorithm: DigestAlgorithm = 'sha256'): Digest {
  return `${algorithm}:${createHash(algorithm).update(content).digest('hex')}` as Digest;
}

function truncate(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
