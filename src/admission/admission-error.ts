/** Errors of the admission webhook's own machinery (the feed, certificates, configuration files, manifests under review). Admission answers themselves never throw. */
import { AirlockError, type AirlockErrorOptions } from '../errors/index.js';

export type AdmissionErrorCode = 'FEED_UNAVAILABLE' | 'FEED_INVALID' | 'CERTIFICATES_FAILED' | 'NAMESPACES_INVALID' | 'MANIFEST_INVALID';

const statusByCode: Record<AdmissionErrorCode, number> = {
  FEED_UNAVAILABLE: 502,
  FEED_INVALID: 502,
  CERTIFICATES_FAILED: 500,
  NAMESPACES_INVALID: 400,
  MANIFEST_INVALID: 400,
};

export class AdmissionError extends AirlockError {
  declare readonly code: AdmissionErrorCode;
  constructor(code: AdmissionErrorCode, message: string, options?: AirlockErrorOptions) {
    super(code, statusByCode[code], message, options);
  }
}
