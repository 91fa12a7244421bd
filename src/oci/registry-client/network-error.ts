/**
 * Which failures are a dropped or stalled connection (worth sending the
 * request again) rather than an answer or a configuration mistake. Node's
 * fetch (undici) reports a connection closed before the headers as
 * `TypeError: fetch failed` and one closed inside the body as
 * `TypeError: terminated`, each with the socket error as `cause`.
 */

/** Thrown (as an abort reason) when a connection sends nothing for too long. */
export class ConnectionStalledError extends Error {
  readonly code = 'AIRLOCK_CONNECTION_STALLED';
}

const DROP_CODES = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_ABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'AIRLOCK_CONNECTION_STALLED',
]);
const DROP_MESSAGES = /^(terminated|socket hang up|other side closed|premature close)$/i;

/** True when `error`, or an error in its `cause` chain, is a dropped or stalled connection. */
export function isConnectionDrop(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string' && DROP_CODES.has(code)) return true;
    if (DROP_MESSAGES.test(current.message)) return true;
  }
  return false;
}

/** A short reason for messages: the innermost error code or message (never a header or URL credential). */
export function dropReason(error: unknown): string {
  let reason = error instanceof Error ? error.message : String(error);
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as Error & { code?: unknown }).code;
    reason = typeof code === 'string' ? code : current.message;
  }
  return reason;
}
