/**
 * The harness every comparator test uses: loads the upstream vectors in
 * ../shared/data/version-vectors/vectors (README.txt there names their origin),
 * runs all of them, and reports every failure at once; plus the order laws
 * (reflexive, antisymmetric, transitive) checked with fast-check on generated
 * versions. Test-only: excluded from the build.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { VersionComparator } from './comparator.js';

export const VECTORS_DIR = path.resolve(import.meta.dirname, '../../../../shared/data/version-vectors/vectors');

/** `[left, op, right, options?]`: op is `<`, `=`, `>` or a source-specific operator. */
export type Vector = readonly [left: string, op: string, right: string, options?: unknown];

export interface VectorFile {
  source: string;
  semantics: string;
  vectors: readonly Vector[];
  [extra: string]: unknown;
}

export function loadVectors(fileName: string): VectorFile {
  return JSON.parse(readFileSync(path.join(VECTORS_DIR, fileName), 'utf8')) as VectorFile;
}

/** An extra field of a vectors file, typed by the caller (e.g. `invalid: string[]`). */
export function extra<T>(file: VectorFile, key: string): T {
  const value = file[key];
  if (value === undefined) throw new Error(`${file.source} has no "${key}"`);
  return value as T;
}

export type OpCheck = (left: string, right: string) => boolean;

/** `<` `=` `>` `!=` as the sign of compare(), checked in both directions (so antisymmetry is tested too). */
export function orderOps(compare: (a: string, b: string) => number): Record<string, OpCheck> {
  const sign = (a: string, b: string) => Math.sign(compare(a, b)) + 0;
  return {
    '<': (a, b) => sign(a, b) < 0 && sign(b, a) > 0,
    '>': (a, b) => sign(a, b) > 0 && sign(b, a) < 0,
    '=': (a, b) => sign(a, b) === 0 && sign(b, a) === 0,
    '!=': (a, b) => sign(a, b) !== 0 && sign(b, a) !== 0,
  };
}

/** Runs every vector; returns one line per failure (an unknown operator is a failure too, never a skip). */
export function runVectors(vectors: readonly Vector[], ops: Record<string, OpCheck>): string[] {
  const failures: string[] = [];
  for (const [left, op, right] of vectors) {
    const check = ops[op];
    if (check === undefined) failures.push(`unknown operator ${op} in ${JSON.stringify([left, op, right])}`);
    else if (!check(left, right)) failures.push(`${JSON.stringify(left)} ${op} ${JSON.stringify(right)}`);
  }
  return failures;
}

/** Every consecutive and every non-adjacent pair of a strictly ascending list must be `<`. */
export function ascendingPairs(sorted: readonly string[]): Vector[] {
  const pairs: Vector[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) pairs.push([sorted[i]!, '<', sorted[j]!]);
  }
  return pairs;
}

/** Validity expectations as failures: each listed version must (or must not) pass isValid. */
export function runValidity(comparator: VersionComparator, versions: readonly string[], expected: boolean): string[] {
  return versions
    .filter((version) => comparator.isValid(version) !== expected)
    .map((version) => `isValid(${JSON.stringify(version)}) should be ${expected}`);
}

/** Asserts no failures, showing the first ones and the total. */
export function expectNoFailures(failures: readonly string[], total: number): void {
  const shown = failures.slice(0, 25).join('\n  ');
  expect(failures, `${failures.length} of ${total} vectors failed:\n  ${shown}`).toEqual([]);
}

/**
 * The order laws on generated versions: compare(a, a) = 0, sign(compare(a, b)) =
 * -sign(compare(b, a)), and sorting a triple leaves every pair in order (an
 * intransitive comparator cannot satisfy that for a cycle), with equality
 * transitive as well. Also proves compare never throws on these inputs.
 */
export function checkOrderLaws(compare: (a: string, b: string) => number, version: fc.Arbitrary<string>, numRuns = 2000): void {
  const sign = (a: string, b: string) => Math.sign(compare(a, b)) + 0;
  fc.assert(
    fc.property(version, version, version, (a, b, c) => {
      expect(sign(a, a)).toBe(0);
      expect(sign(a, b)).toBe(-sign(b, a) + 0);
      const [x, y, z] = [a, b, c].sort(compare) as [string, string, string];
      expect(sign(x, y)).toBeLessThanOrEqual(0);
      expect(sign(y, z)).toBeLessThanOrEqual(0);
      expect(sign(x, z)).toBeLessThanOrEqual(0);
      if (sign(x, y) === 0 && sign(y, z) === 0) expect(sign(x, z)).toBe(0);
    }),
    { numRuns },
  );
}
