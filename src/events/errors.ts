/** Errors of the events part: bad events, bad webhook subscriptions, unknown records. */
import { AirlockError, type AirlockErrorOptions } from '../errors/index.js';

export type EventErrorCode = 'INVALID_EVENT' | 'INVALID_WEBHOOK' | 'INVALID_QUERY' | 'WEBHOOK_NOT_FOUND' | 'INVALID_OPTIONS';

const statusByCode: Record<EventErrorCode, number> = {
  INVALID_EVENT: 400,
  INVALID_WEBHOOK: 400,
  INVALID_QUERY: 400,
  WEBHOOK_NOT_FOUND: 404,
  INVALID_OPTIONS: 500,
};

export class EventError extends AirlockError {
  declare readonly code: EventErrorCode;
  constructor(code: EventErrorCode, message: string, options?: AirlockErrorOptions) {
    super(code, statusByCode[code], message, options);
  }
}
