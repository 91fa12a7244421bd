/** Errors the vulnerability database raises when a whole source cannot be used; one bad record is a warning instead. */
import { AirlockError, type AirlockErrorOptions } from '../../errors/index.js';

export type VulnDbErrorCode =
  /** A URL could not be fetched (network failure, time-out, HTTP error status). */
  | 'SOURCE_UNREACHABLE'
  /** A local zip file or directory does not exist. */
  | 'SOURCE_NOT_FOUND'
  /** The source exists but is not what it claims to be (a corrupt zip, a file that is not a zip). */
  | 'SOURCE_INVALID'
  /** The caller asked for something that cannot work (no sources, an unknown option). */
  | 'USAGE';

const STATUS: Record<VulnDbErrorCode, number> = { SOURCE_UNREACHABLE: 502, SOURCE_NOT_FOUND: 404, SOURCE_INVALID: 422, USAGE: 400 };

export class VulnDbError extends AirlockError {
  declare readonly code: VulnDbErrorCode;
  constructor(code: VulnDbErrorCode, message: string, options?: AirlockErrorOptions) {
    super(code, STATUS[code], message, options);
  }
}
