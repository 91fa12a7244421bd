/** Errors raised while reading Pod Security policy settings (levels, versions); each has a stable code. */
import { AirlockError, type AirlockErrorOptions } from '../../errors/index.js';

export type PodSecurityErrorCode = 'POD_SECURITY_LEVEL_INVALID' | 'POD_SECURITY_VERSION_INVALID';

export class PodSecurityError extends AirlockError {
  declare readonly code: PodSecurityErrorCode;
  constructor(code: PodSecurityErrorCode, message: string, options?: AirlockErrorOptions) {
    // A bad level or version is always a bad setting someone wrote (config, label, flag): a client error.
    super(code, 400, message, options);
  }
}
