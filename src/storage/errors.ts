/** Storage errors. Codes are stable; the registry maps them to distribution-spec errors. */
import { AirlockError, type AirlockErrorOptions } from '../errors/index.js';

export type StorageErrorCode =
  | 'BLOB_NOT_FOUND'
  | 'UPLOAD_NOT_FOUND'
  | 'UPLOAD_OFFSET_MISMATCH'
  | 'DIGEST_MISMATCH'
  | 'SIZE_INVALID'
  | 'RANGE_INVALID'
  | 'DRIVER_UNKNOWN';

const statusByCode: Record<StorageErrorCode, number> = {
  BLOB_NOT_FOUND: 404,
  UPLOAD_NOT_FOUND: 404,
  UPLOAD_OFFSET_MISMATCH: 416,
  DIGEST_MISMATCH: 400,
  SIZE_INVALID: 400,
  RANGE_INVALID: 416,
  DRIVER_UNKNOWN: 500,
};

export class StorageError extends AirlockError {
  declare readonly code: StorageErrorCode;
  constructor(code: StorageErrorCode, message: string, options?: AirlockErrorOptions) {
    super(code, statusByCode[code], message, options);
  }
}
