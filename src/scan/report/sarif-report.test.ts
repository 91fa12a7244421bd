import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { debianImageReport, emptyReport, FINDINGS, hostileReport, PACKAGES } from './fixtures/sample-reports.js';
import type { SarifLog } from './sarif-log.js';
import { FINGERPRINT_KEY, relativeUri, toSarif } from './sarif-report.js';

// The official schema is draft-04; Ajv 8 reads it as draft-07 once `id` is `$id` (see fixtures/SOURCE.md).
const official = JSON.parse(readFileSync(new URL('./fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const asDraft07 = { ...Object.fromEntries(Object.entries(official).filter(([key]) => key !== '$schema' && key !== 'id')), $id: String(official.id) };
const ajv = new Ajv({ allErrors: true, strict: false });
addFormatsModule.default(ajv);
const validate = ajv.compile(asDraft07);
const schemaErrors = (json: string): unknown[] => (validate(JSON.parse(json)) ? [] : [...(validate.errors ?? [])]);

const run = (json: string): SarifLog['runs'][number] => {
  const [first] = (JSON.parse(json) as SarifLog).runs;
  if (first === undefined) throw new Error('no run');
  return first;
};

describe('toSarif', () => {
  for (const [label, make] of Object.entries({ 'a Debian image with findings': debianImageReport, 'an empty report': emptyReport, 'hostile strings': hostileReport })) {
    it(`satisfies the official SARIF 2.1.0 schema for ${label}`, () => {
      expect(schemaErrors(toSarif(make()))).toEqual([]);
    });
  }

  it('is checked by a validator that does reject an invalid log', () => {
    const log = JSON.parse(toSarif(debianImageReport())) as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(schemaErrors(JSON.stringify(log))).not.toEqual([]);
  });

  it('has one rule per vulnerability id, with help, links and security-severity', () => {
    const { tool } = run(toSarif(debianImageReport()));
    const rules = tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual([...new Set(FINDINGS.map((f) => f.id))].sort());
    const log4j = rules.find((r) => r.id === 'CVE-2021-44228');
    expect(log4j).toMatchObject({
      name: 'LanguagePackageVulnerability',
      shortDescription: { text: 'Remote code injection in Log4j' },
      helpUri: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
      defaultConfiguration: { level: 'error' },
      properties: { 'security-severity': '10.0', precision: 'very-high', tags: ['vulnerability', 'security', 'CRITICAL'] },
    });
    expect(log4j?.help.text).toContain('https://logging.apache.org/log4j/2.x/security.html');
    expect(log4j?.help.markdown).toContain('[CVE\\-2021\\-44228](https://nvd.nist.gov/vuln/detail/CVE-2021-44228)');
    expect(log4j?.help.markdown).toContain('- <https://logging.apache.org/log4j/2.x/security.html>');
    expect(log4j?.help.markdown).toContain('- not a url');
    expect(rules.find((r) => r.id === 'CVE-2023-5363')?.name).toBe('OsPackageVulnerability');
    expect(rules.find((r) => r.id === 'CVE-2023-45133')?.properties['security-severity']).toBe('9.3');
    expect(rules.find((r) => r.id === 'CVE-2010-4756')?.properties['security-severity']).toBe('2.0');
    expect(rules.find((r) => r.id === 'GHSA-g2q5-5433-rhrf')?.properties['security-severity']).toBeUndefined();
  });

  it('keeps security-severity in the band of Airlock\'s severity when the CVSS score disagrees', () => {
    const report = debianImageReport();
    report.vulnerabilities = [{ ...FINDINGS[2]!, severity: 'low' }]; // Debian: zlib's minizip is not built, so low despite CVSS 9.8
    expect(run(toSarif(report)).tool.driver.rules[0]?.properties['security-severity']).toBe('2.0');
  });

  it('has one result per finding, most severe first, with the level mapped from the severity', () => {
    const sarif = run(toSarif(debianImageReport()));
    expect(sarif.results).toHaveLength(FINDINGS.length);
    expect(sarif.results.map((r) => r.level)).toEqual(['error', 'error', 'error', 'error', 'error', 'error', 'error', 'warning', 'note', 'note']);
    for (const result of sarif.results) expect(sarif.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
    const [babel] = sarif.results;
    expect(babel?.message.text).toBe(
      '@babel/traverse 7.22.5 is affected by CVE-2023-45133 (critical). Fixed in 7.23.2. Babel vulnerable to arbitrary code execution when compiling specifically crafted malicious code',
    );
    expect(sarif.results.find((r) => r.ruleId === 'CVE-2023-45853')?.message.text).toContain('No fixed version is available.');
  });

  it('locates each result at the package file, relative to the image root', () => {
    const sarif = run(toSarif(debianImageReport()));
    expect(sarif.originalUriBaseIds.ROOTPATH?.uri).toBe('file:///');
    const location = (ruleId: string): unknown => sarif.results.find((r) => r.ruleId === ruleId)?.locations[0]?.physicalLocation;
    expect(location('CVE-2023-5363')).toEqual({ artifactLocation: { uri: 'var/lib/dpkg/status', uriBaseId: 'ROOTPATH' }, region: { startLine: 1 } });
    expect(location('CVE-2023-45133')).toMatchObject({ artifactLocation: { uri: 'app/node_modules/%40babel/traverse/package.json' } });
    expect(relativeUri('/app/my lib/#1?.json')).toBe('app/my%20lib/%231%3F.json');
  });

  it('fingerprints a result by vulnerability and package, stable across scans', () => {
    const fingerprints = (json: string, ruleId: string): (string | undefined)[] =>
      run(json).results.filter((r) => r.ruleId === ruleId).map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    const first = toSarif(debianImageReport());
    const [lodash, lodashNested] = fingerprints(first, 'CVE-2021-23337');
    expect(lodash).toMatch(/^[0-9a-f]{64}$/);
    expect(lodashNested).toBe(lodash); // the same purl installed twice is the same (id, purl)
    const [libssl, openssl] = fingerprints(first, 'CVE-2023-5363');
    expect(libssl).not.toBe(openssl);
    const rescanned = toSarif({ ...debianImageReport(), createdAt: '2024-04-01T00:00:00Z', errors: [] });
    expect(fingerprints(rescanned, 'CVE-2023-5363')).toEqual([libssl, openssl]);
  });

  it('reports scan errors as tool notifications and the artifact as run properties', () => {
    const sarif = run(toSarif(debianImageReport()));
    expect(sarif.invocations).toEqual([
      { executionSuccessful: true, toolExecutionNotifications: [{ level: 'warning', message: { text: debianImageReport().errors[0] } }] },
    ]);
    expect(sarif.properties).toMatchObject({ artifactName: 'registry.example.com/payments/api:1.4.2', platform: 'linux/amd64', os: 'debian 12' });
    expect(sarif.tool.driver).toMatchObject({ name: 'airlock', version: '0.1.0' });
  });

  it('escapes advisory text in Markdown help, and is the same for the same report', () => {
    const rule = run(toSarif(hostileReport())).tool.driver.rules[0];
    expect(rule?.help.markdown).not.toContain('<script>');
    expect(toSarif(debianImageReport())).toBe(toSarif(debianImageReport()));
    expect(run(toSarif(emptyReport()))).toMatchObject({ results: [], tool: { driver: { rules: [] } } });
    expect(PACKAGES.lodash.purl).toBe(PACKAGES.lodashNested.purl);
  });
});
