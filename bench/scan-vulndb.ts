/**
 * The vulnerability database the scans run against: the staged OSV folders of
 * ../shared/data/osv-advisories imported once per benchmark run with the real
 * CLI (`airlock db update`) into a template data directory. A "cold" scan gets a
 * fresh copy of it (advisories imported, layer cache empty); a "warm" scan
 * reuses a copy an earlier scan already filled.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPOSITORY_ROOT } from './servers.js';
import { timed } from './statistics.js';

const run = promisify(execFile);
export const CLI = path.join(REPOSITORY_ROOT, 'dist', 'cli', 'main.js');
export const STAGED_OSV = path.resolve(REPOSITORY_ROOT, '..', 'shared', 'data', 'osv-advisories');

/** The OSV folders imported (the NOT-OSV and example folders are left out). */
export const OSV_SOURCES: readonly string[] = [
  'debian-dsa-dla/osv',
  'alpine-secdb/osv',
  'pypi-pypa/vulns-json',
  'go-vulndb/osv',
  'crates.io-rustsec/crates',
  'ghsa-npm-maven-rubygems/advisories',
  'ghsa-from-trivy-db-testdata',
];

export interface PreparedDatabase {
  /** Data directory holding airlock.db with every advisory imported and no layer analyses. */
  template: string;
  importSeconds: number;
  records: number;
  advisories: number;
}

const dataDirs: string[] = [];

export async function prepareDatabase(): Promise<PreparedDatabase> {
  const template = await newDataDir();
  const sources = OSV_SOURCES.flatMap((source) => ['--source', path.join(STAGED_OSV, source)]);
  const { seconds, value } = await timed(() => run(process.execPath, [CLI, 'db', 'update', '--no-progress', '--json', '--data-dir', template, ...sources], { maxBuffer: 64 * 1024 * 1024 }));
  const result = JSON.parse(value.stdout) as { totals: { records: number; added: number; invalid: number } };
  if (result.totals.invalid > 0) throw new Error(`db update found ${result.totals.invalid} invalid records in the staged OSV data`);
  return { template, importSeconds: seconds, records: result.totals.records, advisories: result.totals.added };
}

/** A copy of the template: advisories imported, layer cache empty. */
export async function coldDataDir(database: PreparedDatabase): Promise<string> {
  const dir = await newDataDir();
  await cp(database.template, dir, { recursive: true });
  return dir;
}

/** A data directory with nothing in it (no advisories): inventory-only scans. */
export function emptyDataDir(): Promise<string> {
  return newDataDir();
}

/** Removes every data directory this module made. */
export async function removeDataDirs(): Promise<void> {
  await Promise.all(dataDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

async function newDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'airlock-scan-bench-'));
  dataDirs.push(dir);
  return dir;
}
