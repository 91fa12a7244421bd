/** Errors of the gate: what a client asked about does not exist, or a job cannot go on. */
import { AirlockError, type AirlockErrorOptions } from '../errors/index.js';

export type GateErrorCode = 'IMAGE_NOT_FOUND' | 'IMAGE_INVALID' | 'SCAN_FAILED' | 'DENIED' | 'MIRROR_INVALID' | 'MIRROR_UPSTREAM_FAILED' | 'MIRROR_NOT_CONFIGURED' | 'MIRROR_NOT_FOUND';

const statusByCode: Record<GateErrorCode, number> = {
  IMAGE_NOT_FOUND: 404,
  IMAGE_INVALID: 422,
  SCAN_FAILED: 500,
  DENIED: 403,
  MIRROR_INVALID: 422,
  MIRROR_UPSTREAM_FAILED: 502,
  MIRROR_NOT_CONFIGURED: 409,
  MIRROR_NOT_FOUND: 404,
};

export class GateError extends AirlockError {
  declare readonly code: GateErrorCode;
  constructor(code: GateErrorCode, message: string, options?: AirlockErrorOptions) {
    super(code, statusByCode[code], message, options);
  }
}
