/** Why a layer could not be read to the end. The scan records it and reports what it found before. */
import { AirlockError, type AirlockErrorOptions } from '../../errors/index.js';

export type LayerErrorCode = 'LAYER_CORRUPT' | 'LAYER_LIMIT_EXCEEDED' | 'LAYER_UNSUPPORTED';

export class LayerError extends AirlockError {
  declare readonly code: LayerErrorCode;
  constructor(code: LayerErrorCode, message: string, options?: AirlockErrorOptions) {
    super(code, 422, message, options);
  }
}
