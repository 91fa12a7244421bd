/** Errors catalogers raise for bad input; the layer walk records them in the report's `errors` and carries on. */
import { AirlockError, type AirlockErrorOptions } from '../../errors/index.js';

export type CatalogErrorCode = 'FILE_TOO_LARGE' | 'MALFORMED' | 'UNSUPPORTED_FORMAT';

export class CatalogError extends AirlockError {
  declare readonly code: CatalogErrorCode;
  constructor(code: CatalogErrorCode, message: string, options?: AirlockErrorOptions) {
    super(code, 422, message, options);
  }
}
