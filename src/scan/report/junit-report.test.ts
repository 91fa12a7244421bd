import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { debianImageReport, emptyReport, HOSTILE, hostileReport, PACKAGES } from './fixtures/sample-reports.js';
import { toJunit } from './junit-report.js';
import { childElements, parseStrictXml, textContent, type XmlElement } from './strict-xml-harness.js';
import { xmlAttribute, xmlChars, xmlText } from './xml-text.js';

const suites = (root: XmlElement): XmlElement[] => childElements(root, 'testsuite');
const cases = (suite: XmlElement): XmlElement[] => childElements(suite, 'testcase');

describe('toJunit', () => {
  it('is well-formed XML for every report', () => {
    for (const report of [debianImageReport(), emptyReport(), hostileReport()]) {
      expect(() => parseStrictXml(toJunit(report))).not.toThrow();
    }
  });

  it('has one testsuite per package type and one testcase per package', () => {
    const root = parseStrictXml(toJunit(debianImageReport()));
    expect(root.name).toBe('testsuites');
    expect(suites(root).map((s) => s.attributes.name)).toEqual(['dpkg', 'go', 'java', 'npm', 'scan-warnings']);
    const dpkg = suites(root)[0]!;
    expect(cases(dpkg).map((c) => c.attributes.name)).toEqual(['libc6@2.36-9+deb12u4', 'libssl3@3.0.11-1~deb12u1', 'openssl@3.0.11-1~deb12u1', 'zlib1g@1:1.2.13.dfsg-1']);
    expect(cases(dpkg)[0]?.attributes).toMatchObject({ classname: 'dpkg', file: '/var/lib/dpkg/status' });
    const all = suites(root).filter((s) => s.attributes.name !== 'scan-warnings').flatMap(cases);
    expect(all).toHaveLength(Object.keys(PACKAGES).length);
    expect(childElements(dpkg, 'properties')[0]?.children.filter((c) => typeof c !== 'string').map((p) => (p as XmlElement).attributes)).toEqual([
      { name: 'artifact', value: 'registry.example.com/payments/api:1.4.2' },
      { name: 'digest', value: debianImageReport().artifact.digest },
      { name: 'platform', value: 'linux/amd64' },
      { name: 'os', value: 'debian 12' },
    ]);
  });

  it('fails a vulnerable package once, listing its findings, and passes the others', () => {
    const root = parseStrictXml(toJunit(debianImageReport()));
    const npm = suites(root).find((s) => s.attributes.name === 'npm')!;
    expect(npm.attributes).toMatchObject({ tests: '4', failures: '4', errors: '0', skipped: '0', timestamp: '2024-03-18T09:41:27' });
    const lodash = cases(npm).filter((c) => c.attributes.name === 'lodash@4.17.20');
    expect(lodash).toHaveLength(2);
    for (const c of lodash) {
      const failures = childElements(c, 'failure');
      expect(failures).toHaveLength(1);
      expect(failures[0]?.attributes).toEqual({ type: 'high', message: '1 vulnerability: CVE-2021-23337 (high)' });
      expect(textContent(failures[0]!)).toBe(
        'CVE-2021-23337 [HIGH] installed 4.17.20, fixed in 4.17.21\n  Command Injection in lodash\n  https://nvd.nist.gov/vuln/detail/CVE-2021-23337',
      );
    }
    const dpkg = suites(root).find((s) => s.attributes.name === 'dpkg')!;
    expect(textContent(childElements(cases(dpkg).find((c) => c.attributes.name?.startsWith('zlib1g'))!, 'failure')[0]!)).toContain('no fixed version');
    const go = suites(root).find((s) => s.attributes.name === 'go')!;
    expect(cases(go).find((c) => c.attributes.name?.startsWith('github.com/containers/image'))?.children).toEqual([]);
    expect(root.attributes).toMatchObject({ tests: String(Object.keys(PACKAGES).length + 1), failures: '10', errors: '0', skipped: '1' });
  });

  it('shows scan errors as skipped testcases, which do not fail the build', () => {
    const root = parseStrictXml(toJunit(debianImageReport()));
    const warnings = suites(root).find((s) => s.attributes.name === 'scan-warnings')!;
    expect(warnings.attributes).toMatchObject({ tests: '1', failures: '0', skipped: '1' });
    expect(childElements(cases(warnings)[0]!, 'skipped')[0]?.attributes.message).toBe(debianImageReport().errors[0]);
  });

  it('is an empty testsuites element for an empty report', () => {
    const root = parseStrictXml(toJunit(emptyReport()));
    expect(root.attributes).toMatchObject({ tests: '0', failures: '0' });
    expect(suites(root)).toEqual([]);
  });

  it('round-trips hostile strings: markup characters exactly, characters XML cannot carry as U+FFFD', () => {
    const report = hostileReport();
    const root = parseStrictXml(toJunit(report));
    const pkg = report.packages[0]!;
    const [testcase] = cases(suites(root)[0]!);
    expect(testcase?.attributes.name).toBe(xmlChars(`${pkg.name}@${pkg.version}`));
    expect(testcase?.attributes.file).toBe(xmlChars(pkg.path));
    expect(testcase?.attributes.name).toContain('<script>&"\'\uFFFD\uFFFD\uFFFD[31mred');
    expect(testcase?.attributes.name).toContain('\r\n\t]]>\u{1F4A5}\uFFFD\uFFFD\u202E');
    expect(textContent(childElements(testcase!, 'failure')[0]!)).toContain(`  ${xmlChars(HOSTILE)}\n`);
    expect(root.attributes.name).toBe(xmlChars(`airlock scan img${HOSTILE}`));
  });
});

describe('xmlText and xmlAttribute', () => {
  it('round-trip any string through a strict parser, up to characters XML cannot carry', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const el = parseStrictXml(`<a v="${xmlAttribute(s)}" w='${xmlAttribute(s)}'>${xmlText(s)}</a>`);
        expect(el.attributes.v).toBe(xmlChars(s));
        expect(el.attributes.w).toBe(xmlChars(s));
        expect(textContent(el)).toBe(xmlChars(s));
      }),
      { numRuns: 500 },
    );
  });

  it('replaces exactly the characters outside XML 1.0 Char', () => {
    expect(xmlChars('a\u0000b\u0008c\td\ne\rf\uFFFEg\uD800h\u{10FFFF}')).toBe('a\uFFFDb\uFFFDc\td\ne\rf\uFFFDg\uFFFDh\u{10FFFF}');
  });
});
