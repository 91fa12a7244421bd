import { describe, expect, it } from 'vitest';
import { AuthError } from './errors.js';
import { LoginThrottle } from './login-throttle.js';

function lockedFor(throttle: LoginThrottle, key: string): number | undefined {
  try {
    throttle.check(key);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe('TOO_MANY_ATTEMPTS');
    expect((error as AuthError).status).toBe(429);
    return (error as AuthError & { detail: { retryAfterSeconds: number } }).detail.retryAfterSeconds;
  }
}

describe('LoginThrottle', () => {
  it('locks a key after maxFailures within the window, until the window has passed', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle(() => now, { maxFailures: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) {
      expect(lockedFor(throttle, 'ip\0alice')).toBeUndefined();
      throttle.failed('ip\0alice');
    }
    expect(lockedFor(throttle, 'ip\0alice')).toBe(60);
    now += 45_000;
    expect(lockedFor(throttle, 'ip\0alice')).toBe(15);
    expect(lockedFor(throttle, 'other-ip\0alice')).toBeUndefined();
    expect(lockedFor(throttle, 'ip\0bob')).toBeUndefined();
    now += 15_000;
    expect(lockedFor(throttle, 'ip\0alice')).toBeUndefined();
  });

  it('forgets failures after a success and after the window', () => {
    let now = 0;
    const throttle = new LoginThrottle(() => now, { maxFailures: 2, windowMs: 1000 });
    throttle.failed('k');
    throttle.succeeded('k');
    throttle.failed('k');
    expect(lockedFor(throttle, 'k')).toBeUndefined();
    now = 1000;
    throttle.failed('k');
    expect(lockedFor(throttle, 'k')).toBeUndefined();
    throttle.failed('k');
    expect(lockedFor(throttle, 'k')).toBe(1);
  });
});
