/**
 * Integration: every OSV folder of the staged real data (../shared/data/osv-advisories)
 * imports cleanly on both engines, through a directory and through a URL, incrementally.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_ENGINES } from '../../../test/helpers/test-database.js';
import { VulnerabilityDatabase } from './vulnerability-database.js';
import { jsonFilesOf, serveFiles, STAGED_OSV, STAGED_OSV_FOLDERS, temporaryDirectory, testDatabase, writeZip, type FileServer } from './vulndb-harness.js';

const folders = STAGED_OSV_FOLDERS.map((folder) => path.join(STAGED_OSV, folder));

/** Per ecosystem, the live advisories the staged files name, counted independently of the importer. */
function expectedEcosystems(): Map<string, number> {
  const ids = new Map<string, Set<string>>();
  for (const folder of folders) {
    for (const entry of jsonFilesOf(folder)) {
      const record = JSON.parse(entry.content.toString()) as { id: string; withdrawn?: string; affected?: Array<{ package?: { ecosystem: string } }> };
      if (record.withdrawn) continue;
      for (const affected of record.affected ?? []) {
        const ecosystem = affected.package?.ecosystem;
        if (ecosystem) ids.set(ecosystem, (ids.get(ecosystem) ?? new Set()).add(record.id));
      }
    }
  }
  return new Map([...ids].map(([ecosystem, set]) => [ecosystem, set.size]));
}

describe.each(DATABASE_ENGINES)('staged OSV data (%s)', (engine) => {
  let handle: Awaited<ReturnType<typeof testDatabase>>;
  let scratch: Awaited<ReturnType<typeof temporaryDirectory>>;
  let server: FileServer;
  let vulndb: VulnerabilityDatabase;

  beforeAll(async () => {
    handle = await testDatabase(engine);
    scratch = await temporaryDirectory();
    const zip = path.join(scratch.path, 'go-all.zip');
    await writeZip(zip, jsonFilesOf(path.join(STAGED_OSV, 'go-vulndb/osv')));
    server = await serveFiles({ '/Go/all.zip': zip });
    vulndb = new VulnerabilityDatabase(handle.db);
  });
  afterAll(async () => {
    await server.close();
    await handle.cleanup();
    await scratch.remove();
  });

  it("imports the Go vulndb from an OSV all.zip URL (osv.dev's layout, served locally)", async () => {
    const result = await vulndb.update({ ecosystems: ['Go'], baseUrl: server.url });
    expect(result.sources[0]).toMatchObject({ location: `${server.url}/Go/all.zip`, kind: 'url', records: 4291, added: 4274, withdrawn: 17, invalid: 0 });
  });

  it('imports every staged OSV folder from directories, with no invalid record', async ({ annotate }) => {
    const started = performance.now();
    const result = await vulndb.update({ sources: folders });
    const seconds = (performance.now() - started) / 1000;
    await annotate(`[${engine}] imported ${result.totals.records} records in ${seconds.toFixed(2)} s (${Math.round(result.totals.records / seconds)} records/s)`);
    expect(result.totals).toEqual({ records: 14923, added: 10609, updated: 0, unchanged: 4291, withdrawn: 23, invalid: 0, skipped: 0 });
    expect(result.sources.flatMap((source) => source.warnings)).toEqual([]);
    const bySource = Object.fromEntries(result.sources.map((source) => [path.relative(STAGED_OSV, source.location), [source.records, source.withdrawn]]));
    // Record and withdrawal counts as the staged README gives them.
    expect(bySource).toMatchObject({
      'debian-dsa-dla/osv': [4267, 0],
      'alpine-secdb/osv': [2437, 0],
      'pypi-pypa/vulns-json': [2661, 10],
      'go-vulndb/osv': [4291, 0],
      'crates.io-rustsec/crates': [1206, 13],
      'ghsa-npm-maven-rubygems/advisories': [47, 0],
      'ghsa-from-trivy-db-testdata': [10, 0],
      'osv-dev-examples': [4, 0],
    });
    if (engine === 'sqlite') expect(result.totals.records / seconds).toBeGreaterThan(1000);
  });

  it('counts advisories per ecosystem exactly as the files name them', async () => {
    const status = await vulndb.status();
    expect(status).toMatchObject({ advisories: 14883, withdrawn: 40 });
    expect(new Map(status.ecosystems.map((row) => [row.ecosystem, row.advisories]))).toEqual(expectedEcosystems());
    expect(status.ecosystems.find((row) => row.ecosystem === 'Go')?.advisories).toBe(4277);
    expect(status.sources).toHaveLength(9);
  });

  it('serves known records through the index, loaded fast', async ({ annotate }) => {
    const started = performance.now();
    const index = await vulndb.loadIndex();
    const ms = performance.now() - started;
    await annotate(`[${engine}] loaded the index (${index.stats.advisories} advisories, ${index.stats.affected} affected entries) in ${Math.round(ms)} ms`);
    if (engine === 'sqlite') expect(ms).toBeLessThan(1000);
    expect(index.stats.advisories).toBe(14883);

    const dsa = index.lookup('Debian:11', 'xen').find((entry) => entry.advisory.id === 'DSA-5378-1');
    expect(dsa?.advisory.aliases).toEqual(['CVE-2022-23824', 'CVE-2022-42331', 'CVE-2022-42332', 'CVE-2022-42333', 'CVE-2022-42334']);
    const stdlib = index.lookup('Go', 'stdlib');
    expect(stdlib.length).toBeGreaterThan(100);
    expect(stdlib.find((entry) => entry.advisory.id === 'GO-2021-0067')?.ranges[0]?.events).toEqual([
      { kind: 'introduced', version: '1.16.0-0' },
      { kind: 'fixed', version: '1.16.1' },
    ]);
    expect(index.advisory('GO-2024-2730')).toBeUndefined();
    expect(index.lookup('Go', 'github.com/gorilla/sessions').map((entry) => entry.advisory.id)).not.toContain('GO-2024-2730');
    const log4j = index.lookup('Maven', 'org.apache.logging.log4j:log4j-core').map((entry) => entry.advisory);
    expect(log4j.find((advisory) => advisory.id === 'GHSA-jfh8-c2jp-5v3q')?.aliases).toEqual(['CVE-2021-44228']);
    expect(index.lookup('PyPI', 'py').map((entry) => entry.advisory.id)).toContain('PYSEC-2022-42969');
    expect(index.lookup('Alpine:v3.6', 'vte').map((entry) => entry.advisory.id)).toContain('ALPINE-CVE-2012-2738');
    expect(index.lookup('crates.io', 'openssl').length).toBeGreaterThan(0);
    expect(index.ecosystems()).toEqual(expect.arrayContaining(['Debian:8', 'Debian:11', 'Alpine:v3.11', 'PyPI', 'Go', 'crates.io', 'npm', 'Maven', 'RubyGems']));
  });

  it('re-imports everything as unchanged, quickly', async ({ annotate }) => {
    const before = (await vulndb.loadIndex()).version;
    const started = performance.now();
    const result = await vulndb.update({ sources: folders });
    const seconds = (performance.now() - started) / 1000;
    await annotate(`[${engine}] re-imported ${result.totals.records} unchanged records in ${seconds.toFixed(2)} s`);
    expect(result.totals).toEqual({ records: 14923, added: 0, updated: 0, unchanged: 14923, withdrawn: 0, invalid: 0, skipped: 0 });
    if (engine === 'sqlite') expect(seconds).toBeLessThan(5);
    expect((await vulndb.loadIndex()).version).toBe(before);
  });

  it('updates a record whose modified moved on', async () => {
    const file = path.join(STAGED_OSV, 'debian-dsa-dla/osv/DSA-5378-1.json');
    const record = JSON.parse(readFileSync(file, 'utf8')) as { aliases: string[] };
    const changed = { ...record, modified: '2023-04-01T10:00:00.5Z', aliases: [...record.aliases, 'CVE-2099-0001'] };
    await writeFile(path.join(scratch.path, 'DSA-5378-1.json'), JSON.stringify(changed));
    const result = await vulndb.update({ sources: [scratch.path] });
    expect(result.totals).toMatchObject({ records: 1, updated: 1 });
    const index = await vulndb.loadIndex();
    expect(index.advisory('DSA-5378-1')?.aliases).toContain('CVE-2099-0001');
    expect(index.stats.lastModified).not.toBe('2023-04-01T10:00:00.5Z');
  });
});
