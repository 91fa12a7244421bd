/**
 * The root of every error Airlock raises on purpose. Each part subclasses it with
 * its own stable codes; only `registry/` and `api/` turn errors into wire formats.
 */
export interface AirlockErrorOptions {
  /** Structured context a client can act on (e.g. the digest that was missing). */
  detail?: unknown;
  cause?: unknown;
}

export class AirlockError extends Error {
  readonly code: string;
  /** The HTTP status this error maps to when it reaches a client. */
  readonly status: number;
  readonly detail: unknown;

  constructor(code: string, status: number, message: string, options: AirlockErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.detail = options.detail;
  }
}

export function isAirlockError(error: unknown): error is AirlockError {
  return error instanceof AirlockError;
}
