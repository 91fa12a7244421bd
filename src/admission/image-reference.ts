/**
 * Image references as Kubernetes passes them to the runtime, normalised the way
 * containerd and docker do (distribution's `reference.ParseNormalizedNamed`):
 * no host means Docker Hub (`docker.io`), a one-component Docker Hub path gets
 * `library/`, `index.docker.io` is `docker.io`, no tag and no digest means
 * `latest`. Hosts are compared case-insensitively; repository paths must be
 * lowercase (the runtime refuses `Acme/API`, so we say so before it does).
 */
import { OciError, parseImageReference } from '../oci/index.js';

export interface NormalizedReference {
  /** As written in the pod spec. */
  original: string;
  /** Lowercase `host[:port]`; `docker.io` for Docker Hub; IPv6 hosts keep their brackets. */
  host: string;
  /** The repository path on that host (`library/nginx`, `acme/api`). */
  repository: string;
  tag?: string;
  digest?: string;
  /** Neither tag nor digest was written: the runtime pulls `latest`. */
  implicitLatest: boolean;
}

export type ReferenceOutcome = { ok: true; reference: NormalizedReference } | { ok: false; problem: string };

export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io']);
/** `sha256:<hex>` alone: docker would read it as an image id, Kubernetes as the image `sha256` — neither is meant. */
const BARE_DIGEST = /^(sha256|sha512):[0-9a-fA-F]{32,}$/;
/** A bracketed IPv6 address or a DNS name / IPv4 address, with an optional port (distribution's domain grammar). */
const HOST = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::\d{1,5})?$/;
const MAX_REFERENCE = 1024;

export function normalizeImageReference(text: unknown): ReferenceOutcome {
  if (typeof text !== 'string' || text.length === 0) return { ok: false, problem: 'no image is given' };
  if (text.length > MAX_REFERENCE) return { ok: false, problem: `the reference is ${text.length} characters long; image references are at most ${MAX_REFERENCE}` };
  if (text.trim() !== text || /\s/.test(text)) return { ok: false, problem: 'the reference contains white space' };
  if (text.startsWith('@') || BARE_DIGEST.test(text)) {
    return { ok: false, problem: 'a digest alone is not an image reference: name the repository too, e.g. <registry>/<team>/<app>@sha256:…' };
  }
  let parsed;
  try {
    parsed = parseImageReference(text);
  } catch (error) {
    if (error instanceof OciError) return { ok: false, problem: explain(text, error) };
    throw error;
  }
  const host = (parsed.host ?? DOCKER_HUB).toLowerCase();
  if (!HOST.test(host) || !validPort(host)) return { ok: false, problem: `"${parsed.host}" is not a registry host (IPv6 addresses go in brackets: [fd00::1]:5000)` };
  const hub = DOCKER_HUB_ALIASES.has(host);
  const repository = hub && !parsed.repository.includes('/') ? `library/${parsed.repository}` : parsed.repository;
  return {
    ok: true,
    reference: {
      original: text,
      host: hub ? DOCKER_HUB : host,
      repository,
      ...(parsed.tag ? { tag: parsed.tag } : {}),
      ...(parsed.digest ? { digest: parsed.digest } : {}),
      implicitLatest: !parsed.tag && !parsed.digest,
    },
  };
}

/** `host/repository[:tag][@digest]`, the fully qualified form. */
export function formatReference(reference: Pick<NormalizedReference, 'host' | 'repository' | 'tag' | 'digest'>): string {
  return `${reference.host}/${reference.repository}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}

/** The tag the runtime pulls when no digest is given: the written one, else latest. */
export function effectiveTag(reference: NormalizedReference): string {
  return reference.tag ?? 'latest';
}

function validPort(host: string): boolean {
  const port = /:(\d+)$/.exec(host.startsWith('[') ? host.slice(host.indexOf(']')) : host)?.[1];
  return port === undefined || (Number(port) > 0 && Number(port) <= 65535);
}

/** The parser's error, with the usual cause named first. */
function explain(text: string, error: OciError): string {
  const path = text.split('@')[0] ?? '';
  const withoutHost = path.includes('/') && /[.:]|^localhost$/.test(path.split('/')[0] ?? '') ? path.slice(path.indexOf('/') + 1) : path;
  if (/[A-Z]/.test(withoutHost.split(':')[0] ?? '')) return 'repository names must be lowercase';
  return error.message;
}
