/** Errors of the policy part: documents, evaluation input, exceptions, VEX, stores. */
import { AirlockError, type AirlockErrorOptions } from '../errors/index.js';

export type PolicyErrorCode =
  | 'POLICY_INVALID'
  | 'CONFLICT'
  | 'NOT_FOUND'
  | 'EXCEPTION_INVALID'
  | 'VEX_INVALID'
  | 'RULE_KIND_DUPLICATE';

const statusByCode: Record<PolicyErrorCode, number> = {
  POLICY_INVALID: 400,
  CONFLICT: 409,
  NOT_FOUND: 404,
  EXCEPTION_INVALID: 400,
  VEX_INVALID: 400,
  // A programming error in the explicit list of rule kinds, found at start-up.
  RULE_KIND_DUPLICATE: 500,
};

export class PolicyError extends AirlockError {
  declare readonly code: PolicyErrorCode;
  constructor(code: PolicyErrorCode, message: string, options?: AirlockErrorOptions) {
    super(code, statusByCode[code], message, options);
  }
}
