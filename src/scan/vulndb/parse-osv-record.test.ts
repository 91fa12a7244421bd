import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOsvRecord, type ParsedOsvRecord } from './parse-osv-record.js';
import { FIXTURES, fixture } from './vulndb-harness.js';

function accepted(result: ParsedOsvRecord) {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result;
}

const minimal = { id: 'TEST-1', modified: '2024-01-01T00:00:00Z' };

describe('parseOsvRecord', () => {
  it.each(readdirSync(FIXTURES).filter((name) => name.endsWith('.json')))('accepts the real record %s without warnings', (name) => {
    const result = accepted(parseOsvRecord(fixture(name)));
    expect(result.warnings).toEqual([]);
    expect(result.record.id).toBe(name.replace(/\.json$/, ''));
  });

  it('reads a Debian advisory: CVE aliases, ecosystem with release, ECOSYSTEM range events', () => {
    const { record } = accepted(parseOsvRecord(fixture('DSA-5378-1.json')));
    expect(record).toMatchObject({ id: 'DSA-5378-1', summary: 'xen - security update', modified: '2023-03-25T00:00:00Z', schemaVersion: '1.6.0' });
    expect(record.aliases).toEqual(['CVE-2022-23824', 'CVE-2022-42331', 'CVE-2022-42332', 'CVE-2022-42333', 'CVE-2022-42334']);
    expect(record.affected[0]).toMatchObject({
      package: { ecosystem: 'Debian:11', name: 'xen', purl: 'pkg:deb/debian/xen?arch=source' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ kind: 'introduced', version: '0' }, { kind: 'fixed', version: '4.14.5+94-ge49571868d-1' }] }],
      versions: [],
    });
  });

  it('keeps severity vectors, ecosystem_specific and last_affected, in camelCase', () => {
    const ghsa = accepted(parseOsvRecord(fixture('GHSA-qwcr-r2fm-qrc7.json'))).record;
    expect(ghsa.severity.map((s) => s.type)).toEqual(['CVSS_V3', 'CVSS_V4']);
    expect(ghsa.severity[0]?.score).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H');
    const go = accepted(parseOsvRecord(fixture('GO-2021-0067.json'))).record;
    expect(go.affected[0]?.ecosystemSpecific).toEqual({ imports: [{ path: 'archive/zip', symbols: ['toValidName'] }] });
    expect(go.databaseSpecific).toMatchObject({ review_status: 'REVIEWED' });
    const pysec = accepted(parseOsvRecord(fixture('PYSEC-2022-42969.json'))).record;
    expect(pysec.affected[0]?.ranges[0]?.events).toEqual([{ kind: 'introduced', version: '0' }, { kind: 'last_affected', version: '1.11.0' }]);
    expect(pysec.affected[0]?.versions).toContain('1.11.0');
  });

  it('reads a withdrawn record as such', () => {
    expect(accepted(parseOsvRecord(fixture('GO-2024-2730.json'))).record.withdrawn).toBe('2024-04-17T18:06:23Z');
  });

  it('accepts null where a field is optional (osv.dev writes "versions": null)', () => {
    const { record } = accepted(parseOsvRecord(fixture('CVE-2012-2812.json')));
    expect(record.affected.every((affected) => affected.versions.length === 0)).toBe(true);
    const nulls = accepted(parseOsvRecord({ ...minimal, aliases: null, summary: null, severity: null, affected: null, database_specific: null }));
    expect(nulls.record).toMatchObject({ aliases: [], severity: [], affected: [], summary: undefined, databaseSpecific: undefined });
  });

  it('ignores fields it does not know, at every level', () => {
    const { record, warnings } = accepted(
      parseOsvRecord({
        ...minimal,
        schema_version: '1.9.0',
        some_future_field: { nested: true },
        affected: [{ package: { ecosystem: 'npm', name: 'left-pad', future: 1 }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }], extra: 'x' }] }],
      }),
    );
    expect(warnings).toEqual([]);
    expect(record.affected[0]?.package).toEqual({ ecosystem: 'npm', name: 'left-pad', purl: undefined });
    expect(record).not.toHaveProperty('some_future_field');
  });

  it.each<[string, unknown, string]>([
    ['an array', [minimal], 'not a JSON object'],
    ['a string', 'DSA-1', 'not a JSON object'],
    ['no id', { modified: '2024-01-01T00:00:00Z' }, 'no "id"'],
    ['an empty id', { id: ' ', modified: '2024-01-01T00:00:00Z' }, 'no "id"'],
    ['no modified', { id: 'TEST-1' }, 'TEST-1: no "modified"'],
    ['a modified that is no timestamp', { id: 'TEST-1', modified: 'last week' }, 'TEST-1: "modified" is not an RFC 3339 timestamp: "last week"'],
    ['a summary that is not text', { ...minimal, summary: 42 }, 'TEST-1: summary: '],
    ['aliases that are not a list', { ...minimal, aliases: 'CVE-2024-1' }, 'TEST-1: aliases: '],
  ])('refuses %s, saying why', (_label, value, reason) => {
    const result = parseOsvRecord(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.startsWith(reason)).toBe(true);
  });

  it('drops a severity of an unknown type with a warning, keeping the rest', () => {
    const { record, warnings } = accepted(
      parseOsvRecord({ ...minimal, severity: [{ type: 'CVSS_V5', score: 'x' }, { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N' }, { type: 'Ubuntu', score: 'high' }] }),
    );
    expect(record.severity).toEqual([{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N' }, { type: 'Ubuntu', score: 'high' }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^TEST-1: ignored severity\[0\] \(severity\[0\]\.type: /);
  });

  it('drops a range with a malformed event, and an affected entry without a package name', () => {
    const { record, warnings } = accepted(
      parseOsvRecord({
        ...minimal,
        affected: [
          { package: { ecosystem: 'PyPI', name: '' }, versions: ['1.0'] },
          {
            package: { ecosystem: 'PyPI', name: 'django' },
            ranges: [
              { type: 'ECOSYSTEM', events: [{ introduced: '0', fixed: '1.0' }] },
              { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '4.2.1' }] },
              { type: 'SVN', events: [{ introduced: '0' }] },
            ],
          },
        ],
      }),
    );
    expect(record.affected).toHaveLength(1);
    expect(record.affected[0]?.ranges).toEqual([{ type: 'ECOSYSTEM', repo: undefined, databaseSpecific: undefined, events: [{ kind: 'introduced', version: '0' }, { kind: 'fixed', version: '4.2.1' }] }]);
    expect(warnings.map((warning) => warning.replace(/ \(.*$/, ''))).toEqual([
      'TEST-1: ignored affected[0]',
      'TEST-1: ignored affected[1].ranges[0]',
      'TEST-1: ignored affected[1].ranges[2]',
    ]);
    expect(warnings[1]).toContain('exactly one of introduced, fixed, last_affected, limit');
  });
});
