/**
 * An index brought up to date from the changed advisories alone
 * (VulnerabilityDatabase.refreshIndex) is the index a full load gives: same
 * version, same advisories, same entries per package in the same order.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_ENGINES } from '../../../test/helpers/test-database.js';
import { VulnerabilityDatabase } from './vulnerability-database.js';
import type { VulnerabilityIndex } from './vulnerability-index.js';
import { temporaryDirectory, testDatabase } from './vulndb-harness.js';

type Record = { [key: string]: unknown };

/** `count` advisories over a few shared packages, several with more than one affected entry. */
function records(count: number, modified: string, variant = 0): Record[] {
  const packages = [
    ['PyPI', 'jinja2'],
    ['PyPI', 'Django'],
    ['npm', 'lodash'],
    ['Debian:11', 'openssl'],
    ['Go', 'golang.org/x/net'],
  ];
  return Array.from({ length: count }, (_, n) => {
    const [ecosystem, name] = packages[n % packages.length] as [string, string];
    const second = packages[(n + 2) % packages.length] as [string, string];
    // Ids that sort apart from their number (GHSA-…, PYSEC-…, CVE-…) so entries interleave within a package.
    const id = ['GHSA-', 'PYSEC-2024-', 'CVE-2024-'][n % 3] + String((n * 7919) % 1000).padStart(4, '0');
    const range = (fixed: string) => ({ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] });
    return {
      id,
      modified,
      aliases: n % 4 === 0 ? [`CVE-2023-${String(n).padStart(4, '0')}`] : [],
      summary: `advisory ${n} (${variant})`,
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }],
      affected: [
        { package: { ecosystem, name }, ranges: [range(`${2 + variant}.${n}.0`)] },
        ...(n % 3 === 0 ? [{ package: { ecosystem: second[0], name: second[1] }, ranges: [range(`1.${n}.${variant}`)] }] : []),
        ...(n % 5 === 0 ? [{ package: { ecosystem, name }, versions: [`0.${n}.1`] }] : []),
      ],
    };
  });
}

function snapshot(index: VulnerabilityIndex, keys: ReadonlyArray<[string, string]>): unknown {
  return {
    version: index.version,
    stats: index.stats,
    ecosystems: index.ecosystems(),
    entries: keys.map(([ecosystem, name]) => index.lookup(ecosystem, name).map((entry) => ({ ...entry, advisory: entry.advisory.id }))),
  };
}

describe.each(DATABASE_ENGINES)('refreshing the index from changed advisories (%s)', (engine) => {
  let handle: Awaited<ReturnType<typeof testDatabase>>;
  let scratch: Awaited<ReturnType<typeof temporaryDirectory>>;
  let clock = 1_700_000_000_000;

  async function importRecords(name: string, list: readonly Record[]): Promise<void> {
    const directory = path.join(scratch.path, name);
    await mkdir(directory);
    for (const record of list) await writeFile(path.join(directory, `${String(record.id)}.json`), JSON.stringify(record));
    await new VulnerabilityDatabase(handle.db, { now: () => clock }).update({ sources: [directory] });
  }

  beforeAll(async () => {
    handle = await testDatabase(engine);
    scratch = await temporaryDirectory();
  });
  afterAll(async () => {
    await handle.cleanup();
    await scratch.remove();
  });

  it('adds, replaces and withdraws exactly as a full load does', async () => {
    const vulndb = new VulnerabilityDatabase(handle.db);
    await importRecords('first', records(40, '2024-01-01T00:00:00Z'));
    const before = await vulndb.loadIndex();
    const since = clock;
    clock += 60_000;
    const changed = records(60, '2024-02-01T00:00:00Z', 1)
      .slice(30) // 30–39 change, 40–59 are new
      .concat(records(6, '2024-02-01T00:00:00Z').slice(0, 3).map((record) => ({ ...record, withdrawn: '2024-02-01T00:00:00Z' })));
    await importRecords('second', changed);
    const ids = (await handle.db.selectFrom('advisories').select('id').where('importedAt', '>', since).execute()).map((row) => row.id);
    expect(ids.length).toBe(33);

    const refreshed = await vulndb.refreshIndex(before, ids);
    const full = await vulndb.loadIndex();
    const keys = (await handle.db.selectFrom('affectedPackages').select(['ecosystem', 'packageName']).distinct().execute()).map((row): [string, string] => [row.ecosystem, row.packageName]);
    expect(snapshot(refreshed, keys)).toEqual(snapshot(full, keys));
    expect(refreshed.version).not.toBe(before.version);
    expect(refreshed.advisory('GHSA-0000')).toBeUndefined(); // record 0, withdrawn
    expect(refreshed.lookup('PyPI', 'jinja2').map((entry) => entry.advisory.id)).toEqual(full.lookup('PyPI', 'jinja2').map((entry) => entry.advisory.id));
  });
});
