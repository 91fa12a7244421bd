import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareMaven38 } from './maven-3.8-harness.js';
import { canonicalMavenVersion, mavenComparator, mavenVersionsEqual } from './maven.js';
import {
  ascendingPairs,
  checkOrderLaws,
  expectNoFailures,
  extra,
  loadVectors,
  orderOps,
  runVectors,
  type OpCheck,
  type Vector,
} from './vectors-harness.js';

const order = orderOps(mavenComparator.compare);
/** ComparableVersionTest: "=" is checkVersionsEqual (compareTo 0 and equals), "==" checkVersionsHaveSameOrder (compareTo 0, not equals). */
const comparableVersionOps: Record<string, OpCheck> = {
  ...order,
  '=': (a, b) => order['=']!(a, b) && mavenVersionsEqual(a, b),
  '==': (a, b) => order['=']!(a, b) && !mavenVersionsEqual(a, b),
};

/**
 * osv-detector vectors that contradict ComparableVersionTest. They were generated in March 2022 with Maven
 * 3.8's ComparableVersion; Maven 3.9/4 changed the order (CombinationItem: `rc-2` is one item; a qualifier
 * after a dot is read as after a hyphen: `1.0.0.RC1 < 1.0.0-RC2`, `2-RC = 2.0.RC`, which the upstream test
 * now asserts). We follow the upstream test; the test below proves each of these is Maven 3.8's answer
 * (maven-3.8-harness.ts) and that ours is the opposite.
 */
const MAVEN_3_8_ORDER = [
  '1-1.foo-bar-1-baz-0.1 = 1-1.foo-bar1baz-.1',
  '3.2.0rc2 < 3.2.0-rc.1',
  '1.0.0-RC16 < 1.0.0.RC8-beta',
  '1.0.0-gradle-rework-beta3 < 1.0.0.RC7-3',
  '2.9.0-1 < 2.9.0.RC1',
  '6.1.12.rc5 < 6.1.12rc1',
  '1.0.0-beta11 < 1.0.0-beta.6',
  ...['1.1.31', '1.1.34', '1.1.46', '1.2.31', '1.2.48', '1.2.50', '1.2.54', '1.2.57', '1.2.60', '1.2.67'].map((v) => `${v}.sec10 < ${v}_noneautotype`),
  '1.2.8.sec10_noneautotype < 1.2.8_noneautotype',
  '1.0.0rc0 < 1.0.beta8',
  '1.5.9.RC1 < 1.5.9-RC0',
  '3.5.0-CR-2 < 3.5.0.Beta-1',
  '1.1.0-01-glassfish < 1.1.0.Beta1',
  'v3.7.0rc2 < v3.7.0-rc.3',
];
/** Hand-written in osv-detector for its own parser; Maven 3.8 and 4 both say 1-1 > 1-ga-1 (`ga-1` is a qualified 1, not 1). */
const NO_MAVEN_ORDER = ['1-1 = 1-ga-1'];

const key = ([left, op, right]: Vector) => `${left} ${op} ${right}`;
const sign = { '<': -1, '=': 0, '>': 1 } as const;

function allEqualPairs(group: readonly string[]): Vector[] {
  return group.flatMap((a, i) => group.slice(i + 1).map((b): Vector => [a, '=', b]));
}

describe('maven comparator', () => {
  it('passes every ComparableVersionTest and osv-detector Maven vector (but the documented Maven 3.8 ones)', () => {
    const maven = loadVectors('maven.comparableversion.json');
    const osv = [loadVectors('maven.osv-detector.json'), loadVectors('maven.osv-detector-generated.json')].flatMap((f) => f.vectors);
    const contradicted = new Set([...MAVEN_3_8_ORDER, ...NO_MAVEN_ORDER]);
    const ordered = [...ascendingPairs(extra<string[]>(maven, 'ordered_qualifier')), ...ascendingPairs(extra<string[]>(maven, 'ordered_number'))];
    const equal = extra<string[][]>(maven, 'all_equal_groups').flatMap(allEqualPairs);
    const canonical = extra<[string, string][]>(maven, 'canonical');
    const failures = [
      ...runVectors(maven.vectors, comparableVersionOps),
      ...runVectors(ordered, comparableVersionOps),
      ...runVectors(equal, comparableVersionOps),
      ...canonical.flatMap(([input, want]) => (canonicalMavenVersion(input) === want ? [] : [`canonical(${input}) should be ${want}`])),
      // osv-detector's "=" means compareTo() == 0 only.
      ...runVectors(
        osv.filter((v) => !contradicted.has(key(v))),
        order,
      ),
    ];
    const total = maven.vectors.length + ordered.length + equal.length + canonical.length + osv.length - contradicted.size;
    expectNoFailures(failures, total);
    expect(osv.filter((v) => contradicted.has(key(v))).map(key).sort()).toEqual([...contradicted].sort());
  });

  it('differs from the contradicted osv-detector vectors exactly as Maven 3.9+ differs from Maven 3.8', () => {
    for (const line of MAVEN_3_8_ORDER) {
      const [left = '', op = '', right = ''] = line.split(' ');
      const want = sign[op as keyof typeof sign];
      expect(compareMaven38(left, right), `Maven 3.8: ${line}`).toBe(want);
      expect(Math.sign(mavenComparator.compare(left, right)), `ours: ${line}`).not.toBe(want);
    }
    for (const line of NO_MAVEN_ORDER) {
      const [left = '', , right = ''] = line.split(' ');
      expect(compareMaven38(left, right)).toBe(1);
      expect(mavenComparator.compare(left, right)).toBe(1);
    }
  });

  it('orders generated versions consistently, and never throws on arbitrary strings', () => {
    const version = fc.stringMatching(/^[0-2]([.-]([0-2]|a|rc|sp|ga|snapshot|x)){0,4}$/);
    checkOrderLaws(mavenComparator.compare, version);
    checkOrderLaws(mavenComparator.compare, fc.string({ maxLength: 12 }), 500);
  });
});
