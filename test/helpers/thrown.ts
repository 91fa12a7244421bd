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

/** The error `promise` rejects with, asserted to be an instance of `ErrorClass`; fails the test when it resolves. */
export async function rejection<E extends Error>(ErrorClass: abstract new (...args: never[]) => E, promise: Promise<unknown>, what = 'the call'): Promise<E> {
  const outcome = await promise.then(
    () => ({ rejected: false as const }),
    (error: unknown) => ({ rejected: true as const, error }),
  );
  if (!outcome.rejected) throw new Error(`${what} did not reject`);
  expect(outcome.error).toBeInstanceOf(ErrorClass);
  return outcome.error as E;
}
