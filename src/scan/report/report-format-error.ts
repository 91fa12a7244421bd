/** Errors of the format list: a format nobody has written (`airlock scan --format xml`), a name listed twice. */
import { AirlockError, type AirlockErrorOptions } from '../../errors/index.js';

export type ReportFormatErrorCode = 'UNKNOWN_FORMAT' | 'DUPLICATE_FORMAT';

export class ReportFormatError extends AirlockError {
  declare readonly code: ReportFormatErrorCode;
  constructor(code: ReportFormatErrorCode, message: string, options?: AirlockErrorOptions) {
    // An unknown name is the caller's mistake (400); a duplicate is Airlock's own (500).
    super(code, code === 'UNKNOWN_FORMAT' ? 400 : 500, message, options);
  }
}
