/** Errors of the mirror catalog: a catalog document that does not validate, a source that cannot be mirrored. */
import { AirlockError, type AirlockErrorOptions } from '../../errors/index.js';

export type MirrorErrorCode = 'CATALOG_INVALID' | 'MIRROR_SOURCE_INVALID';

const statusByCode: Record<MirrorErrorCode, number> = {
  CATALOG_INVALID: 400,
  MIRROR_SOURCE_INVALID: 400,
};

export class MirrorError extends AirlockError {
  declare readonly code: MirrorErrorCode;
  constructor(code: MirrorErrorCode, message: string, options?: AirlockErrorOptions) {
    super(code, statusByCode[code], message, options);
  }
}
