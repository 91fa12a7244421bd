import { describe, expect, it } from 'vitest';
import { ConnectionStalledError, dropReason, isConnectionDrop } from './network-error.js';

/** The shapes Node's fetch (undici) rejects with, as observed on Node 20. */
const withCause = (message: string, cause: Error & { code?: string }) => Object.assign(new TypeError(message), { cause });
const socketError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('isConnectionDrop', () => {
  it('recognises connections closed before the headers and inside the body', () => {
    expect(isConnectionDrop(withCause('fetch failed', socketError('UND_ERR_SOCKET', 'other side closed')))).toBe(true);
    expect(isConnectionDrop(withCause('terminated', socketError('UND_ERR_SOCKET', 'other side closed')))).toBe(true);
    expect(isConnectionDrop(withCause('fetch failed', socketError('ECONNRESET', 'read ECONNRESET')))).toBe(true);
    expect(isConnectionDrop(new Error('socket hang up'))).toBe(true);
    expect(isConnectionDrop(new ConnectionStalledError('no data for 60000 ms'))).toBe(true);
  });

  it('does not take configuration mistakes or answers for drops', () => {
    expect(isConnectionDrop(withCause('fetch failed', socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')))).toBe(false);
    expect(isConnectionDrop(withCause('fetch failed', socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND nowhere')))).toBe(false);
    expect(isConnectionDrop(new Error('unexpected token'))).toBe(false);
    expect(isConnectionDrop('terminated')).toBe(false);
  });

  it('reports the innermost code as the reason', () => {
    expect(dropReason(withCause('fetch failed', socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')))).toBe('ECONNREFUSED');
  });
});
