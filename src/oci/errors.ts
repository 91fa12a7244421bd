/** Errors raised while parsing OCI names, digests and manifests. Codes match the distribution spec. */
import { AirlockError, type AirlockErrorOptions } from '../errors/index.js';

export type OciErrorCode =
  | 'DIGEST_INVALID'
  | 'NAME_INVALID'
  | 'TAG_INVALID'
  | 'MANIFEST_INVALID'
  | 'UNSUPPORTED';

const statusByCode: Record<OciErrorCode, number> = {
  DIGEST_INVALID: 400,
  NAME_INVALID: 400,
  TAG_INVALID: 400,
  MANIFEST_INVALID: 400,
  UNSUPPORTED: 415,
};

export class OciError extends AirlockError {
  declare readonly code: OciErrorCode;
  constructor(code: OciErrorCode, message: string, options?: AirlockErrorOptions) {
    super(code, statusByCode[code], message, options);
  }
}
