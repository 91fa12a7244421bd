import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Cataloger } from '../cataloger.js';
import { catalogFile, catalogFixture, expectPackages } from '../cataloger-harness.js';
import { pipfileLockCataloger, poetryLockCataloger } from './index.js';

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));

interface TrivyCase {
  case: string | null;
  input: string[];
  expected_packages: Array<{ name: string; version: string; dev?: boolean }> | null;
}
const trivyCases = (tool: string) => (JSON.parse(readFileSync(fixture(`trivy/${tool}/expected.json`), 'utf8')) as { cases: TrivyCase[] }).cases;

describe.each([
  ['pipenv', pipfileLockCataloger, '/app/Pipfile.lock'],
  ['poetry', poetryLockCataloger, '/app/poetry.lock'],
] as Array<[string, Cataloger, string]>)('Trivy expectations: %s', (tool, cataloger, imagePath) => {
  it.each(trivyCases(tool).map((c) => [c.case ?? c.input[0], c] as const))('%s', async (_name, testCase) => {
    const { packages } = await catalogFixture(cataloger, fixture(`trivy/${tool}/${testCase.input[0]}`), imagePath);
    const expected = testCase.expected_packages ?? [];
    expectPackages(packages, expected.map((p) => ({ name: p.name, version: p.version, ...(p.dev ? { dev: true } : {}) })));
    expect(packages.filter((p) => p.dev).length).toBe(expected.filter((p) => p.dev).length);
  });
});

describe('Pipfile.lock', () => {
  it('marks develop packages dev, strips the == pin and builds pypi purls', async () => {
    const { packages } = await catalogFixture(pipfileLockCataloger, fixture('syft/pipfile-lock/Pipfile.lock'), '/app/Pipfile.lock');
    expectPackages(packages, [
      { name: 'aio-pika', version: '6.8.0', dev: false, purl: 'pkg:pypi/aio-pika@6.8.0', type: 'python' },
      { name: 'aiodns', version: '2.0.0', dev: false },
      { name: 'aiohttp', version: '3.7.4.post0', dev: false },
      { name: 'aiohttp-jinja2', version: '1.4.2', dev: false },
      { name: 'astroid', version: '2.5.2', dev: true },
      { name: 'autopep8', version: '1.5.6', dev: true },
    ]);
  });

  it('counts a package in default and develop once, as production; skips editable entries', async () => {
    const text = JSON.stringify({ default: { a: { version: '==1.0' }, local: { editable: true, path: '.' } }, develop: { a: { version: '==1.0' }, b: { version: '==2.0' } } });
    const { packages } = await pipfileLockCataloger.parse(catalogFile('/app/Pipfile.lock', text));
    expectPackages(packages, [
      { name: 'a', version: '1.0', dev: false },
      { name: 'b', version: '2.0', dev: true },
    ]);
  });

  it.each([
    ['truncated JSON', '{"default": {"a": {"version": "==1'],
    ['a wrong type', '{"default": ["a==1.0"]}'],
  ])('refuses %s as MALFORMED', async (_what, text) => {
    await expect(pipfileLockCataloger.parse(catalogFile('/app/Pipfile.lock', text))).rejects.toMatchObject({ code: 'MALFORMED' });
  });
});

describe('poetry.lock', () => {
  it('reads the category of Poetry 1.x lockfiles', async () => {
    const { packages } = await catalogFixture(poetryLockCataloger, fixture('syft/poetry/dev-deps/poetry.lock'), '/app/poetry.lock');
    expect(packages.length).toBeGreaterThan(0);
    expectPackages(packages.filter((p) => p.name === 'alabaster'), [{ name: 'alabaster', version: '0.7.12', dev: true, purl: 'pkg:pypi/alabaster@0.7.12' }]);
  });

  it('leaves dev unset when the lockfile does not say (Poetry 1.5–1.8)', async () => {
    const { packages } = await poetryLockCataloger.parse(catalogFile('/app/poetry.lock', '[[package]]\nname = "Flask"\nversion = "3.0.0"\n'));
    expect(packages).toEqual([{ name: 'Flask', version: '3.0.0', type: 'python', purl: 'pkg:pypi/flask@3.0.0', path: '/app/poetry.lock' }]);
  });

  it('skips a package without a version with a warning', async () => {
    const result = await poetryLockCataloger.parse(catalogFile('/app/poetry.lock', '[[package]]\nname = "a"\n\n[[package]]\nname = "b"\nversion = "1"\n'));
    expectPackages(result.packages, [{ name: 'b', version: '1' }]);
    expect(result.warnings?.[0]).toContain('package[0]');
  });

  it.each([
    ['truncated TOML', '[[package]]\nname = "a'],
    ['package of the wrong type', 'package = "a"\n'],
    ['nesting 10 000 deep', `x = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
  ])('refuses %s as MALFORMED', async (_what, text) => {
    await expect(poetryLockCataloger.parse(catalogFile('/app/poetry.lock', text))).rejects.toMatchObject({ code: 'MALFORMED' });
  });
});

const locksE2e = fileURLToPath(new URL('../../../../../shared/data/pkgdb-fixtures/osv-detector/testdata/locks-e2e/', import.meta.url));

describe.skipIf(!existsSync(locksE2e))('osv-detector locks-e2e counts', () => {
  it.each([
    ['1-Pipfile.lock', pipfileLockCataloger, '/app/Pipfile.lock', 114],
    ['1-poetry.lock', poetryLockCataloger, '/app/poetry.lock', 142],
    ['2-poetry.lock', poetryLockCataloger, '/app/poetry.lock', 143],
  ] as Array<[string, Cataloger, string, number]>)('%s has %i packages', async (file, cataloger, imagePath, count) => {
    const { packages, warnings } = await catalogFixture(cataloger, `${locksE2e}${file}`, imagePath);
    expect(packages).toHaveLength(count);
    expect(warnings).toBeUndefined();
  });
});
