import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apkComparator, apkVersionMatch } from './apk.js';
import { checkOrderLaws, expectNoFailures, extra, loadVectors, orderOps, runValidity, runVectors, type OpCheck } from './vectors-harness.js';

/** version.data's fuzzy operators go through apk_version_match(), as `apk version -t`/the solver would. */
const fuzzyOps: Record<string, OpCheck> = Object.fromEntries(
  ['~', '<~', '>~', '!~'].map((op) => [op, (a: string, b: string) => apkVersionMatch(a, op, b)]),
);

describe('apk comparator', () => {
  // 38 osv-detector vectors name versions the current apk rejects (`6.0.2p1-r0`, `1-r`, `.2`, `a`): they were
  // generated with apk-tools 2.12, whose tokenizer read them; compare() reads them the same way (see apk.ts).
  it('passes every apk-tools and osv-detector Alpine vector', () => {
    const ops = { ...orderOps(apkComparator.compare), ...fuzzyOps };
    const apk = loadVectors('alpine.apk-tools.json');
    const files = [apk, loadVectors('alpine.osv-detector.json'), loadVectors('alpine.osv-detector-generated.json')];
    const failures = files.flatMap((file) => runVectors(file.vectors, ops));
    failures.push(...runValidity(apkComparator, extra<string[]>(apk, 'valid'), true));
    failures.push(...runValidity(apkComparator, extra<string[]>(apk, 'invalid'), false));
    const total = files.reduce((n, file) => n + file.vectors.length, 0);
    expectNoFailures(failures, total);
  });

  it('orders generated versions consistently, and never throws on arbitrary strings', () => {
    const version = fc.stringMatching(/^[0-9]{1,2}(\.[0-9]{1,2}){0,2}[a-c]?(_(alpha|rc|p|git)[0-9]?){0,2}(~[0-9a-f]{1,3})?(-r[0-9])?$/);
    checkOrderLaws(apkComparator.compare, version);
    checkOrderLaws(apkComparator.compare, fc.string({ maxLength: 12 }), 500);
  });

  it('orders versions only apk-tools 2.12 accepted as 2.12 did, while calling them invalid', () => {
    expect(apkComparator.isValid('6.0.2p1-r0')).toBe(false);
    expect(apkComparator.compare('6.0.2p1-r0', '6.0.2p1-r1')).toBeLessThan(0);
    expect(apkComparator.compare('6.6.2p1', '6.6.2_p1')).toBeGreaterThan(0);
    expect(apkComparator.compare('1-r', '1-r0')).toBe(0);
  });

  it('matches fuzzy dependencies by prefix, and negates with !', () => {
    expect(apkVersionMatch('3.6.9-r1', '~', '3.6')).toBe(true);
    expect(apkVersionMatch('3.7', '~', '3.6')).toBe(false);
    expect(apkVersionMatch('3.7', '!~', '3.6')).toBe(true);
    expect(apkVersionMatch('1.0_rc1', '<', '1.0')).toBe(true);
  });
});
