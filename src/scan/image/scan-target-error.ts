/** Errors about the thing to scan: it does not exist, is not an image, or cannot be fetched. */
import { AirlockError, type AirlockErrorOptions } from '../../errors/index.js';

export type ScanTargetErrorCode = 'TARGET_NOT_FOUND' | 'TARGET_INVALID' | 'TARGET_UNREACHABLE' | 'TARGET_UNAUTHORIZED' | 'PLATFORM_NOT_FOUND';

const statusByCode: Record<ScanTargetErrorCode, number> = {
  TARGET_NOT_FOUND: 404,
  TARGET_INVALID: 400,
  TARGET_UNREACHABLE: 502,
  TARGET_UNAUTHORIZED: 401,
  PLATFORM_NOT_FOUND: 404,
};

export class ScanTargetError extends AirlockError {
  declare readonly code: ScanTargetErrorCode;
  constructor(code: ScanTargetErrorCode, message: string, options?: AirlockErrorOptions) {
    super(code, statusByCode[code], message, options);
  }
}
