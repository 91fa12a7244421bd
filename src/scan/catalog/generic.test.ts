import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CatalogError } from './catalog-error.js';
import type { Cataloger } from './cataloger.js';
import { catalogFile } from './cataloger-harness.js';
import { decodeText, dedupePackages, genericCataloger, parseJson, validEntries, validate, type FoundPackage, type ParseOutput } from './generic.js';
import { dotnetCatalogers } from './dotnet/index.js';
import { npmCatalogers } from './npm/index.js';
import { phpCatalogers } from './php/index.js';
import { pythonCatalogers } from './python/index.js';
import { rubyCatalogers } from './ruby/index.js';
import { rustCatalogers } from './rust/index.js';

const found = (name: string, version: string, dev?: boolean): FoundPackage => ({ name, version, type: 'npm', purl: `pkg:npm/${name}@${version}`, ...(dev === undefined ? {} : { dev }) });

function cataloger(parse: (text: string) => ParseOutput): Cataloger {
  return genericCataloger({ name: 'test', version: 3, wants: (path) => path.endsWith('.lock'), parse: ({ text }) => parse(text) });
}

describe('genericCataloger', () => {
  it('filters by path and carries name and version', () => {
    const subject = cataloger(() => ({ packages: [] }));
    expect(subject.name).toBe('test');
    expect(subject.version).toBe(3);
    expect(subject.wants({ path: '/a/x.lock', size: 1, mode: 0o644 })).toBe(true);
    expect(subject.wants({ path: '/a/x.json', size: 1, mode: 0o644 })).toBe(false);
  });

  it('stamps the path, de-duplicates, and leaves warnings out when there are none', async () => {
    const subject = cataloger(() => ({ packages: [found('a', '1'), found('a', '1')], warnings: [] }));
    expect(await subject.parse(catalogFile('/srv/x.lock', ''))).toEqual({ packages: [{ ...found('a', '1'), path: '/srv/x.lock' }] });
  });

  it('passes warnings on', async () => {
    const subject = cataloger(() => ({ packages: [], warnings: ['odd line 3'] }));
    expect(await subject.parse(catalogFile('/srv/x.lock', ''))).toEqual({ packages: [], warnings: ['odd line 3'] });
  });

  it.each([
    ['a JSON syntax error', () => JSON.parse('{')],
    ['a zod error', () => z.string().parse(1)],
    ['stack exhaustion', () => { throw new RangeError('Maximum call stack size exceeded'); }],
    ['a CatalogError', () => { throw new CatalogError('MALFORMED', 'bad'); }],
  ])('reports %s as MALFORMED', async (_what, fail) => {
    const subject = cataloger(() => fail() as ParseOutput);
    await expect(subject.parse(catalogFile('/srv/x.lock', ''))).rejects.toMatchObject({ code: 'MALFORMED', status: 422 });
  });

  it('lets programming errors through (they are bugs, not bad files)', async () => {
    const subject = cataloger(() => { throw new TypeError('undefined is not a function'); });
    await expect(subject.parse(catalogFile('/srv/x.lock', ''))).rejects.toBeInstanceOf(TypeError);
  });
});

describe('decodeText', () => {
  it('reads UTF-8 with and without a byte-order mark, and UTF-16 with one', () => {
    expect(decodeText(Buffer.from('a==1'))).toBe('a==1');
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('a');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a==1', 'utf16le')]))).toBe('a==1');
    expect(decodeText(Buffer.from([0xfe, 0xff, 0x00, 0x61]))).toBe('a');
  });
});

describe('dedupePackages', () => {
  it('keeps the first of each name@version; dev only when every occurrence is dev', () => {
    expect(dedupePackages([found('a', '1', true), found('a', '1', false), found('b', '1', true), found('b', '1', true), found('c', '1'), found('c', '1', true)])).toEqual([
      found('a', '1', false),
      found('b', '1', true),
      found('c', '1', true),
    ]);
  });
});

describe('validation helpers', () => {
  it('validate names the offending field', () => {
    expect(() => validate(z.object({ packages: z.array(z.string()) }), { packages: [1] }, '/x')).toThrow(/packages\.0/);
  });

  it('validEntries keeps good entries and warns about bad ones', () => {
    const warnings: string[] = [];
    expect(validEntries(z.object({ v: z.string() }), [['good', { v: '1' }], ['bad', { v: 1 }]], warnings)).toEqual([['good', { v: '1' }]]);
    expect(warnings).toEqual(['skipped entry "bad": v: Invalid input: expected string, received number']);
  });

  it('parseJson reports syntax errors as MALFORMED', () => {
    expect(() => parseJson('{', '/x.json')).toThrow(CatalogError);
  });
});

const languageCatalogers = [...npmCatalogers, ...pythonCatalogers, ...rubyCatalogers, ...phpCatalogers, ...dotnetCatalogers, ...rustCatalogers];

/** One real file per cataloger, and a path it wants. */
const samples: Record<string, [string, string]> = {
  'npm-package-lock': ['npm/fixtures/trivy/npm/testdata/package-lock_v3.json', '/app/package-lock.json'],
  'npm-installed': ['npm/fixtures/syft/pkg-lock/node_modules/cowsay/package.json', '/app/node_modules/cowsay/package.json'],
  'yarn-lock': ['npm/fixtures/trivy/yarn/testdata/yarn_v2_happy.lock', '/app/yarn.lock'],
  'pnpm-lock': ['npm/fixtures/trivy/pnpm/testdata/pnpm-lock_v9.yaml', '/app/pnpm-lock.yaml'],
  'python-installed': ['python/fixtures/syft/site-packages/nested/dist-name/dist-info/METADATA', '/usr/lib/python3/site-packages/x.dist-info/METADATA'],
  'poetry-lock': ['python/fixtures/trivy/poetry/testdata/poetry_v2_flask.lock', '/app/poetry.lock'],
  'pipfile-lock': ['python/fixtures/trivy/pipenv/testdata/Pipfile_many.lock', '/app/Pipfile.lock'],
  'pip-requirements': ['python/fixtures/syft/requires/requirements.txt', '/app/requirements.txt'],
  'gemfile-lock': ['ruby/fixtures/syft/Gemfile.lock', '/app/Gemfile.lock'],
  'gem-installed': ['ruby/fixtures/syft/bundler.gemspec', '/usr/lib/ruby/gems/3.2.0/specifications/bundler-2.1.4.gemspec'],
  'composer-lock': ['php/fixtures/trivy/composer/testdata/composer_happy.lock', '/app/composer.lock'],
  'composer-installed': ['php/fixtures/syft/vendor/composer_2/installed.json', '/app/vendor/composer/installed.json'],
  'dotnet-deps': ['dotnet/fixtures/trivy/core_deps/testdata/self-contained.deps.json', '/app/app.deps.json'],
  'cargo-lock': ['rust/fixtures/trivy/cargo/testdata/cargo_v3.lock', '/app/Cargo.lock'],
};

/** Parses, and accepts either a result or a CatalogError: anything else would crash a scan. */
async function survives(subject: Cataloger, path: string, content: Buffer): Promise<boolean> {
  try {
    const result = await subject.parse(catalogFile(path, content));
    return Array.isArray(result.packages) && result.packages.every((p) => p.path === path && p.name !== '' && p.version !== '');
  } catch (error) {
    return error instanceof CatalogError;
  }
}

describe('every language cataloger survives hostile input', () => {
  it('has a sample for every cataloger', () => {
    expect(languageCatalogers.map((c) => c.name).sort()).toEqual(Object.keys(samples).sort());
  });

  it.each(languageCatalogers.map((c) => [c.name, c] as const))('%s: random bytes and truncations', async (name, subject) => {
    const [file, path] = samples[name] ?? ['', ''];
    const sample = readFileSync(fileURLToPath(new URL(file, import.meta.url)));
    expect(subject.wants({ path, size: sample.length, mode: 0o644 })).toBe(true);
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => survives(subject, path, Buffer.from(bytes))), { numRuns: 150 });
    await fc.assert(fc.asyncProperty(fc.nat({ max: sample.length }), async (cut) => survives(subject, path, sample.subarray(0, cut))), { numRuns: 150 });
    await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) => survives(subject, path, Buffer.from(JSON.stringify(value) ?? 'null'))), { numRuns: 150 });
  });
});
