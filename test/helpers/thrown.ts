/** The error `run` throws, asserted to be an instance of `ErrorClass`; fails the test when nothing is thrown. */
import { expect } from 'vitest';

export function thrown<E extends Error>(ErrorClass: abstract new (...args: never[]) => E, run: () => unknown, what = 'the call'): E {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ErrorClass);
    return error as E;
  }
  throw new Error(`${what} did not throw`);
}
