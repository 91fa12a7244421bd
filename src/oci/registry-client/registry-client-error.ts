/**
 * Failures talking to another registry, with codes a user can act on. Messages
 * name the registry host and the repository, never a credential.
 */
import { AirlockError, type AirlockErrorOptions } from '../../errors/index.js';

export type RegistryClientErrorCode =
  /** The registry or its token service refused the credentials (or anonymous access). */
  | 'UPSTREAM_UNAUTHORIZED'
  /** No such repository, tag, manifest or blob. */
  | 'UPSTREAM_NOT_FOUND'
  /** Connection refused, dropped too often, timed out, or 5xx after every attempt. */
  | 'UPSTREAM_UNREACHABLE'
  /** 429, or the announced quota is spent; `detail.retryAt` says when to try again when known. */
  | 'UPSTREAM_RATE_LIMITED'
  /** Content that does not match its digest, or answers that break the distribution spec. */
  | 'UPSTREAM_INVALID'
  /** More tags (or a larger manifest) than the client accepts. */
  | 'UPSTREAM_TOO_LARGE'
  /** An index has no entry for a requested platform; `detail` lists missing and available ones. */
  | 'PLATFORM_NOT_FOUND'
  /** A platform string that is not `os/arch[/variant]`. */
  | 'PLATFORM_INVALID'
  /** A registry host that is not `host[:port]`. */
  | 'REGISTRY_HOST_INVALID';

const statusByCode: Record<RegistryClientErrorCode, number> = {
  UPSTREAM_UNAUTHORIZED: 401,
  UPSTREAM_NOT_FOUND: 404,
  UPSTREAM_UNREACHABLE: 502,
  UPSTREAM_RATE_LIMITED: 429,
  UPSTREAM_INVALID: 502,
  UPSTREAM_TOO_LARGE: 502,
  PLATFORM_NOT_FOUND: 404,
  PLATFORM_INVALID: 400,
  REGISTRY_HOST_INVALID: 400,
};

/** Structured context attached to every upstream failure. */
export interface RegistryClientErrorDetail {
  host?: string;
  repository?: string;
  /** HTTP status the upstream answered, when it answered. */
  status?: number;
  /** ISO time after which a rate-limited request may be tried again. */
  retryAt?: string;
  [key: string]: unknown;
}

export class RegistryClientError extends AirlockError {
  declare readonly code: RegistryClientErrorCode;
  declare readonly detail: RegistryClientErrorDetail | undefined;
  constructor(code: RegistryClientErrorCode, message: string, options?: AirlockErrorOptions & { detail?: RegistryClientErrorDetail }) {
    super(code, statusByCode[code], message, options);
  }
}
