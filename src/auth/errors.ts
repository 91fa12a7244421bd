/** Identity and access errors. */
import { AirlockError, type AirlockErrorOptions } from '../errors/index.js';

export type AuthErrorCode = 'UNAUTHORIZED' | 'DENIED' | 'NOT_FOUND' | 'CONFLICT' | 'INVALID' | 'TOO_MANY_ATTEMPTS';

const statusByCode: Record<AuthErrorCode, number> = {
  UNAUTHORIZED: 401,
  DENIED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID: 400,
  TOO_MANY_ATTEMPTS: 429,
};

export class AuthError extends AirlockError {
  declare readonly code: AuthErrorCode;
  constructor(code: AuthErrorCode, message: string, options?: AirlockErrorOptions) {
    super(code, statusByCode[code], message, options);
  }
}
