import { readdirSync } from 'node:fs';
import { mkdir, readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../test/helpers/postgres-server.js';
import { openSource, type OpenedSource, type SourceEntry } from './import-source.js';
import { FIXTURES, jsonFilesOf, serveFiles, temporaryDirectory, writeZip, type FileServer } from './vulndb-harness.js';
import { VulnDbError } from './vulndb-error.js';

let scratch: Awaited<ReturnType<typeof temporaryDirectory>>;
let server: FileServer;
let zipFile: string;
const fixtureEntries = jsonFilesOf(FIXTURES);

async function readAll(source: OpenedSource): Promise<SourceEntry[]> {
  const entries: SourceEntry[] = [];
  try {
    for await (const entry of source.entries()) entries.push(entry);
  } finally {
    await source.close();
  }
  return entries;
}

async function refusal(spec: string, options?: Parameters<typeof openSource>[1]): Promise<VulnDbError> {
  const error = await openSource(spec, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(VulnDbError);
  return error as VulnDbError;
}

beforeAll(async () => {
  scratch = await temporaryDirectory();
  zipFile = path.join(scratch.path, 'all.zip');
  await writeZip(zipFile, [...fixtureEntries, { name: 'README.md', content: 'not a record' }, { name: 'nested/', content: '' }]);
  await writeFile(path.join(scratch.path, 'not-a-zip.zip'), 'hello');
  server = await serveFiles({ '/npm/all.zip': zipFile, '/broken/all.zip': path.join(scratch.path, 'not-a-zip.zip') });
});
afterAll(async () => {
  await server.close();
  await scratch.remove();
});

describe('directory source', () => {
  it('yields every *.json below it, recursively and sorted, with paths relative to the root', async () => {
    const root = path.join(scratch.path, 'tree');
    await mkdir(path.join(root, 'b', 'deeper'), { recursive: true });
    await writeFile(path.join(root, 'b', 'deeper', 'two.json'), '{"id":"2"}');
    await writeFile(path.join(root, 'a.json'), '{"id":"1"}');
    await writeFile(path.join(root, 'b', 'notes.yaml'), 'id: 3');
    const source = await openSource(root);
    expect(source).toMatchObject({ kind: 'directory', location: root, total: 2, notModified: false });
    const entries = await readAll(source);
    expect(entries.map((entry) => entry.name)).toEqual(['a.json', 'b/deeper/two.json']);
    expect(entries.map((entry) => ('content' in entry ? entry.content.toString() : entry.problem))).toEqual(['{"id":"1"}', '{"id":"2"}']);
  });

  it('refuses a path that does not exist', async () => {
    const error = await refusal(path.join(scratch.path, 'missing'));
    expect(error.code).toBe('SOURCE_NOT_FOUND');
    expect(error.message).toContain('missing cannot be read (ENOENT)');
  });
});

describe('zip source', () => {
  it('yields the JSON entries lazily, skipping other files and folders', async () => {
    const source = await openSource(zipFile);
    expect(source).toMatchObject({ kind: 'zip', location: zipFile, total: fixtureEntries.length + 2 });
    const entries = await readAll(source);
    expect(entries.map((entry) => entry.name)).toEqual(fixtureEntries.map((entry) => entry.name));
    const first = entries[0];
    expect(first && 'content' in first ? first.content.equals(await readFile(path.join(FIXTURES, first.name))) : false).toBe(true);
  });

  it('refuses a file that is not a zip', async () => {
    const error = await refusal(path.join(scratch.path, 'not-a-zip.zip'));
    expect(error.code).toBe('SOURCE_INVALID');
    expect(error.message).toContain('is not a readable zip file');
  });

  it('stops with SOURCE_INVALID at a damaged entry instead of importing half silently', async () => {
    const damaged = path.join(scratch.path, 'damaged.zip');
    const bytes = await readFile(zipFile);
    // The first entry's compressed data starts after its 30-byte header and name; flip bytes inside it.
    const start = 30 + (fixtureEntries[0]?.name.length ?? 0);
    for (let i = start; i < start + 40; i++) bytes[i] = (bytes[i] as number) ^ 0xff;
    await writeFile(damaged, bytes);
    const source = await openSource(damaged);
    const error = await readAll(source).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(VulnDbError);
    expect((error as VulnDbError).code).toBe('SOURCE_INVALID');
    expect((error as VulnDbError).message).toContain(`is corrupt at ${fixtureEntries[0]?.name}`);
  });

  it('refuses a truncated zip', async () => {
    const truncated = path.join(scratch.path, 'truncated.zip');
    await writeFile(truncated, await readFile(zipFile));
    await truncate(truncated, 1000);
    expect((await refusal(truncated)).code).toBe('SOURCE_INVALID');
  });
});

describe('URL source', () => {
  it('downloads to a temporary file, reads it as a zip and deletes it on close', async () => {
    const tempDir = path.join(scratch.path, 'downloads');
    await mkdir(tempDir);
    const source = await openSource(`${server.url}/npm/all.zip`, { tempDir });
    expect(source).toMatchObject({ kind: 'url', location: `${server.url}/npm/all.zip`, notModified: false });
    expect(source.etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(readdirSync(tempDir)).toHaveLength(1);
    expect((await readAll(source)).map((entry) => entry.name)).toEqual(fixtureEntries.map((entry) => entry.name));
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('asks with the stored ETag and reads nothing when the server says 304', async () => {
    const first = await openSource(`${server.url}/npm/all.zip`);
    await first.close();
    const second = await openSource(`${server.url}/npm/all.zip`, { etag: first.etag });
    expect(second).toMatchObject({ notModified: true, etag: first.etag, total: 0 });
    expect(await readAll(second)).toEqual([]);
    expect(server.requests.at(-1)).toEqual({ path: '/npm/all.zip', ifNoneMatch: first.etag, status: 304 });
  });

  it('reports a missing ecosystem (404) as SOURCE_UNREACHABLE, with a hint', async () => {
    const error = await refusal(`${server.url}/pypi/all.zip`);
    expect(error.code).toBe('SOURCE_UNREACHABLE');
    expect(error.message).toBe(`cannot download ${server.url}/pypi/all.zip: HTTP 404 Not Found (is the ecosystem name right? OSV names are case-sensitive, e.g. PyPI, crates.io)`);
  });

  it('reports a refused connection as SOURCE_UNREACHABLE', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/npm/all.zip`;
    const error = await refusal(closed);
    expect(error.code).toBe('SOURCE_UNREACHABLE');
    expect(error.message).toBe(`cannot download ${closed}: ECONNREFUSED`);
  });

  it('reports a download that is not a zip as SOURCE_INVALID, naming the URL', async () => {
    const error = await refusal(`${server.url}/broken/all.zip`);
    expect(error.code).toBe('SOURCE_INVALID');
    expect(error.message).toContain(`${server.url}/broken/all.zip is not a readable zip file`);
  });

  it('refuses other URL schemes', async () => {
    expect((await refusal('ftp://example.com/all.zip')).code).toBe('USAGE');
  });
});
