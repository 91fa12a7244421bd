/** `airlock db update|status`: run as users run it, against a temp data directory and the staged OSV data; no server. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/postgres-server.js';
import { createPostgresDatabase } from '../helpers/test-database.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import {
  FIXTURES,
  jsonFilesOf,
  serveFiles,
  STAGED_OSV,
  STAGED_OSV_FOLDERS,
  temporaryDirectory,
  writeZip,
  type FileServer,
} from '../../src/scan/vulndb/vulndb-harness.js';

let scratch: Awaited<ReturnType<typeof temporaryDirectory>>;
let dataDir: string;
let server: FileServer;

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runCli(args, { AIRLOCK_DATA_DIR: dataDir, ...env });
}

function json<T>(result: CliResult): T {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

const staged = STAGED_OSV_FOLDERS.flatMap((folder) => ['--source', path.join(STAGED_OSV, folder)]);

interface Totals {
  records: number;
  added: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  invalid: number;
  skipped: number;
}

beforeAll(async () => {
  scratch = await temporaryDirectory();
  dataDir = path.join(scratch.path, 'data');
  const zip = path.join(scratch.path, 'npm.zip');
  await writeZip(zip, jsonFilesOf(FIXTURES).filter((entry) => entry.name.startsWith('GHSA-')));
  await writeFile(path.join(scratch.path, 'not-a-zip.zip'), 'hello');
  server = await serveFiles({ '/npm/all.zip': zip });
});
afterAll(async () => {
  await server.close();
  await scratch.remove();
});

describe('airlock db', () => {
  it('reports an empty database before the first update', async () => {
    const status = await cli(['db', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^advisories: +0$/m);
    expect(status.stdout).toContain('no advisories yet: run `airlock db update`');
  });

  it('imports the staged OSV data, then reports it per ecosystem', async () => {
    const update = json<{ totals: Totals; sources: Array<{ location: string; invalidRecords: unknown[] }> }>(await cli(['db', 'update', ...staged, '--json']));
    expect(update.totals).toEqual({ records: 14923, added: 14883, updated: 0, unchanged: 0, withdrawn: 40, invalid: 0, skipped: 0 });
    expect(update.sources).toHaveLength(STAGED_OSV_FOLDERS.length);

    const status = json<{ advisories: number; withdrawn: number; lastUpdatedAt: number; ecosystems: Array<{ ecosystem: string; advisories: number }>; sources: unknown[] }>(
      await cli(['db', 'status', '--json']),
    );
    expect(status).toMatchObject({ advisories: 14883, withdrawn: 40 });
    expect(Date.now() - status.lastUpdatedAt).toBeLessThan(120_000);
    expect(status.ecosystems).toEqual(expect.arrayContaining([{ ecosystem: 'Go', advisories: 4277, packages: 1368 }, expect.objectContaining({ ecosystem: 'Debian:11' })]));
    expect(status.sources).toHaveLength(STAGED_OSV_FOLDERS.length);

    const table = await cli(['db', 'status']);
    expect(table.stdout).toMatch(/^advisories: +14883$/m);
    expect(table.stdout).toMatch(/^ECOSYSTEM +ADVISORIES +PACKAGES$/m);
    expect(table.stdout).toMatch(/^Go +4277 +1368$/m);
    expect(table.stdout).toMatch(/^SOURCE +KIND +RECORDS +ADDED +UPDATED +WITHDRAWN +INVALID +UPDATEDAT$/m);
    expect(table.stdout).toMatch(/go-vulndb\/osv +directory +4291 +4274 +0 +17 +0 +\d{4}-\d\d-\d\dT/);
  });

  it('re-imports as unchanged and says so in its summary', async () => {
    const again = await cli(['db', 'update', ...staged]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^SOURCE +RECORDS +ADDED +UPDATED +UNCHANGED +WITHDRAWN +INVALID +SKIPPED$/m);
    expect(again.stdout).toContain('14923 records in ');
    expect(again.stdout).toContain(': 0 added, 0 updated, 14923 unchanged, 0 withdrawn, 0 invalid, 0 skipped');
  });

  it('lists invalid records on stderr with their file names, and still succeeds', async () => {
    const result = await cli(['db', 'update', '--source', path.join(STAGED_OSV, 'ghsa-npm-maven-rubygems')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`airlock: invalid record ${path.join(STAGED_OSV, 'ghsa-npm-maven-rubygems')}: provenance.json: no "id"`);
    expect(result.stdout).toContain('49 records in ');
  });

  it('downloads per-ecosystem zips from --base-url, filtered by --ecosystems, into PostgreSQL from AIRLOCK_DATABASE_URL', async () => {
    const env = { AIRLOCK_DATABASE_URL: await createPostgresDatabase() };
    const first = json<{ sources: Array<{ location: string; kind: string; added: number; notModified: boolean }> }>(
      await cli(['db', 'update', '--ecosystems', 'npm', '--base-url', server.url, '--json'], env),
    );
    expect(first.sources).toEqual([expect.objectContaining({ location: `${server.url}/npm/all.zip`, kind: 'url', added: 2, notModified: false })]);
    const second = await cli(['db', 'update', '--ecosystems', 'npm', '--base-url', server.url], env);
    expect(second.stdout).toContain(`${server.url}/npm/all.zip (not modified)`);
    const status = json<{ advisories: number; ecosystems: Array<{ ecosystem: string }> }>(await cli(['db', 'status', '--json'], env));
    expect(status.advisories).toBe(2);
    expect(status.ecosystems.map((row) => row.ecosystem)).toEqual(['npm']);
  });

  it('reads the data directory from --config', async () => {
    const configDir = path.join(scratch.path, 'configured');
    const config = path.join(scratch.path, 'airlock.yaml');
    await writeFile(config, `dataDir: ${configDir}\n`);
    const update = json<{ totals: Totals }>(await cli(['db', 'update', '--config', config, '--source', FIXTURES, '--json'], { AIRLOCK_DATA_DIR: '' }));
    expect(update.totals).toMatchObject({ added: 8, withdrawn: 1 });
    const status = json<{ advisories: number }>(await cli(['db', 'status', '--config', config, '--json'], { AIRLOCK_DATA_DIR: '' }));
    expect(status.advisories).toBe(8);
  });

  it('fails with a clear message and exit code 1, without a stack trace', async () => {
    const unreachable = `http://127.0.0.1:${await freePort()}/npm/all.zip`;
    const cases: Array<[string[], string]> = [
      [['--source', path.join(scratch.path, 'missing')], `airlock: advisory source ${path.join(scratch.path, 'missing')} cannot be read (ENOENT): give an existing zip file or directory [SOURCE_NOT_FOUND]`],
      [['--source', unreachable], `airlock: cannot download ${unreachable}: ECONNREFUSED [SOURCE_UNREACHABLE]`],
      [['--source', `${server.url}/Nope/all.zip`], `airlock: cannot download ${server.url}/Nope/all.zip: HTTP 404 Not Found`],
      [['--source', path.join(scratch.path, 'not-a-zip.zip')], `airlock: ${path.join(scratch.path, 'not-a-zip.zip')} is not a readable zip file: `],
    ];
    for (const [args, message] of cases) {
      const result = await cli(['db', 'update', ...args]);
      expect(result.code).toBe(1);
      expect(result.stderr.startsWith(message)).toBe(true);
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
  });
});
