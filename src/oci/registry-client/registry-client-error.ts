/** Failures talking to another registry, with codes a user can act on. */
import { AirlockError, type AirlockErrorOptions } from '../../errors/index.js';

export type RegistryClientErrorCode = 'UPSTREAM_UNAUTHORIZED' | 'UPSTREAM_NOT_FOUND' | 'UPSTREAM_UNREACHABLE' | 'UPSTREAM_RATE_LIMITED' | 'UPSTREAM_INVALID';

const statusByCode: Record<RegistryClientErrorCode, number> = {
  UPSTREAM_UNAUTHORIZED: 401,
  UPSTREAM_NOT_FOUND: 404,
  UPSTREAM_UNREACHABLE: 502,
  UPSTREAM_RATE_LIMITED: 429,
  UPSTREAM_INVALID: 502,
};

export class RegistryClientError extends AirlockError {
  declare readonly code: RegistryClientErrorCode;
  constructor(code: RegistryClientErrorCode, message: string, options?: AirlockErrorOptions) {
    super(code, statusByCode[code], message, options);
  }
}
