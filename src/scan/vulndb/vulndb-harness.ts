/**
 * Test-only helpers for the vulnerability database: a database on either engine,
 * a minimal zip writer (no zip tool is installed on CI), and a local HTTP server
 * standing in for osv.dev's bucket (this machine has no internet).
 */
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { openDatabase, type DatabaseHandle } from '../../db/index.js';
import { createPostgresDatabase, type DatabaseEngine } from '../../../test/helpers/test-database.js';

export const FIXTURES = path.join(import.meta.dirname, 'fixtures');
/** The real advisories staged for the project (README.txt there names each folder's origin). */
export const STAGED_OSV = path.resolve(import.meta.dirname, '../../../../shared/data/osv-advisories');
/** The staged folders that hold OSV JSON (npm-nodejs-security-wg and rubygems-rubysec are other formats). */
export const STAGED_OSV_FOLDERS = [
  'debian-dsa-dla/osv',
  'alpine-secdb/osv',
  'pypi-pypa/vulns-json',
  'go-vulndb/osv',
  'crates.io-rustsec/crates',
  'ghsa-npm-maven-rubygems/advisories',
  'ghsa-from-trivy-db-testdata',
  'osv-dev-examples',
] as const;

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
}

export async function temporaryDirectory(): Promise<{ path: string; remove: () => Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), 'airlock-vulndb-test-'));
  return { path: directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

/** A migrated database: SQLite in a temp directory, or a fresh PostgreSQL database. */
export async function testDatabase(engine: DatabaseEngine): Promise<DatabaseHandle & { cleanup: () => Promise<void> }> {
  const directory = await temporaryDirectory();
  const url = engine === 'postgres' ? await createPostgresDatabase() : path.join(directory.path, 'airlock.db');
  const handle = await openDatabase(url);
  return {
    ...handle,
    cleanup: async () => {
      await handle.close();
      await directory.remove();
    },
  };
}

export interface ZipInput {
  name: string;
  content: Buffer | string;
}

/** Writes a zip (deflate, UTF-8 names) holding the given entries, in order. */
export async function writeZip(file: string, entries: readonly ZipInput[]): Promise<void> {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content, 'utf8');
    const compressed = deflateRawSync(data);
    const common = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at); // version needed
      header.writeUInt16LE(0x0800, at + 2); // UTF-8 names
      header.writeUInt16LE(8, at + 4); // deflate
      header.writeUInt32LE(0, at + 6); // DOS time and date
      header.writeUInt32LE(crc32(data), at + 10);
      header.writeUInt32LE(compressed.length, at + 14);
      header.writeUInt32LE(data.length, at + 18);
      header.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common(local, 4);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4); // version made by
    common(record, 6);
    record.writeUInt32LE(offset, 42);
    parts.push(local, name, compressed);
    central.push(record, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  await writeFile(file, Buffer.concat([...parts, directory, end]));
}

/** Every JSON file below `directory` as zip entries named by their relative path. */
export function jsonFilesOf(directory: string): ZipInput[] {
  const entries: ZipInput[] = [];
  for (const name of readdirSync(directory, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = path.join(directory, name);
    if (name.endsWith('.json') && statSync(file).isFile()) entries.push({ name, content: readFileSync(file) });
  }
  return entries;
}

export interface FileServer {
  url: string;
  /** Request log: path, If-None-Match, status. */
  requests: Array<{ path: string; ifNoneMatch: string | undefined; status: number }>;
  close(): Promise<void>;
}

/** Serves files by URL path with a content ETag and 304 on If-None-Match, like a static bucket; anything else is 404. */
export async function serveFiles(files: Record<string, string>): Promise<FileServer> {
  const requests: FileServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    const urlPath = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = files[urlPath];
    const ifNoneMatch = request.headers['if-none-match'];
    const reply = (status: number) => {
      requests.push({ path: urlPath, ifNoneMatch, status });
      response.writeHead(status);
    };
    if (!file) {
      reply(404);
      response.end('not found');
      return;
    }
    const etag = `"${createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16)}"`;
    if (ifNoneMatch === etag) {
      reply(304);
      response.end();
      return;
    }
    response.setHeader('etag', etag);
    response.setHeader('content-type', 'application/zip');
    reply(200);
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
