/** Audit trail errors. */
import { AirlockError, type AirlockErrorOptions } from '../errors/index.js';

/**
 * INVALID_ENTRY: an append was refused (bad actor/action/target, details not a JSON object).
 * INVALID_QUERY: a query or export asked for something unsupported (limit, cursor, format).
 * CHAIN_CONFLICT: another writer appended the same sequence number (a caller transaction read a stale head).
 * CORRUPT_ENTRY: a stored entry cannot be read back (its details are not JSON); run verify.
 */
export type AuditErrorCode = 'INVALID_ENTRY' | 'INVALID_QUERY' | 'CHAIN_CONFLICT' | 'CORRUPT_ENTRY';

const statusByCode: Record<AuditErrorCode, number> = {
  INVALID_ENTRY: 400,
  INVALID_QUERY: 400,
  CHAIN_CONFLICT: 409,
  CORRUPT_ENTRY: 500,
};

export class AuditError extends AirlockError {
  declare readonly code: AuditErrorCode;
  constructor(code: AuditErrorCode, message: string, options?: AirlockErrorOptions) {
    super(code, statusByCode[code], message, options);
  }
}
