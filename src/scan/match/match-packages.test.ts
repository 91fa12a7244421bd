/**
 * matchPackages remembers what each (ecosystem, name, version) meets in an
 * index; a package seen before must still get a finding of its own: its purl,
 * path and layer, and the Go `v` on its fix.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Package } from '../catalog/package.js';
import { parseOsvRecord, VulnerabilityIndex, type OsvRecord } from '../vulndb/index.js';
import { matchPackages } from './match-packages.js';

const FIXTURES = path.resolve(import.meta.dirname, '../vulndb/fixtures');

function index(...names: string[]): VulnerabilityIndex {
  const records = names.map((name) => {
    const parsed = parseOsvRecord(JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as unknown);
    if (!parsed.ok) throw new Error(`fixture ${name} does not parse`);
    return parsed.record as OsvRecord;
  });
  return VulnerabilityIndex.fromRecords(records);
}

const lodash = (at: string, layer: string): Package => ({ name: 'lodash', version: '4.17.11', type: 'npm', purl: `pkg:npm/lodash@4.17.11?at=${at}`, path: `${at}/node_modules/lodash/package.json`, layer });

describe('matchPackages', () => {
  const advisories = index('GHSA-jf85-cpcp-j695.json', 'GO-2021-0067.json');

  it('gives the same package version met again a finding of its own', () => {
    const first = matchPackages([lodash('/app', 'sha256:a')], undefined, advisories);
    const again = matchPackages([lodash('/srv', 'sha256:b'), lodash('/app', 'sha256:a')], undefined, advisories);
    expect(first.findings).toHaveLength(1);
    expect(again.findings.map((f) => [f.id, f.path, f.layer, f.purl])).toEqual([
      ['CVE-2019-10744', '/app/node_modules/lodash/package.json', 'sha256:a', 'pkg:npm/lodash@4.17.11?at=/app'],
      ['CVE-2019-10744', '/srv/node_modules/lodash/package.json', 'sha256:b', 'pkg:npm/lodash@4.17.11?at=/srv'],
    ]);
    expect(again.findings[0]).toEqual(first.findings[0]);
    // Findings share no mutable parts: changing one leaves the next match alone.
    first.findings[0]?.aliases.push('changed');
    expect(matchPackages([lodash('/app', 'sha256:a')], undefined, advisories).findings).toEqual([again.findings[0]]);
  });

  it('puts the Go `v` on the fix of each Go module, however often it is met', () => {
    const stdlib: Package = { name: 'stdlib', version: 'v1.16.0', type: 'go', purl: 'pkg:golang/stdlib@v1.16.0', path: '/app/server' };
    for (let n = 0; n < 2; n++) {
      const [finding] = matchPackages([stdlib], undefined, advisories).findings;
      expect(finding?.fixedVersion).toMatch(/^v/);
    }
  });
});
