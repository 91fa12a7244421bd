import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogFile, catalogFixture, expectPackages } from '../cataloger-harness.js';
import { pipRequirementsCataloger as cataloger } from './index.js';

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));

interface TrivyCase {
  case: string | null;
  input: string[];
  expected_packages: Array<{ name: string; version: string }> | null;
}
const trivy = JSON.parse(readFileSync(fixture('trivy/pip/expected.json'), 'utf8')) as { cases: TrivyCase[] };

/**
 * Trivy runs this case with its "use the minimum version of a range" option; Airlock reports
 * only exact pins (a range says what may be installed, not what is), so it finds none here.
 */
const RANGE_CASES = new Set(['compatible versions']);

describe('requirements.txt: Trivy expectations', () => {
  it.each(trivy.cases.map((c) => [c.case ?? c.input[0], c] as const))('%s', async (name, testCase) => {
    const { packages } = await catalogFixture(cataloger, fixture(`trivy/pip/${testCase.input[0]}`), '/app/requirements.txt');
    const expected = RANGE_CASES.has(name ?? '') ? [] : (testCase.expected_packages ?? []);
    expectPackages(packages, expected.map((p) => ({ name: p.name, version: p.version })));
  });
});

describe('requirements.txt', () => {
  it('reads pins, names the unpinned and unparsable lines in warnings', async () => {
    const result = await catalogFixture(cataloger, fixture('syft/requires/requirements.txt'), '/app/requirements.txt');
    expectPackages(result.packages, [
      { name: 'flask', version: '4.0.0' },
      { name: 'urllib3', version: '1.26.20' },
      { name: 'foo', version: '1.0.0' },
      { name: 'SomeProject', version: '5.4' },
      { name: 'dots-._allowed', version: '1.0.0', purl: 'pkg:pypi/dots-allowed@1.0.0' },
      { name: 'argh', version: '0.26.2' },
      { name: 'argh', version: '0.26.3' },
      { name: 'celery', version: '4.4.7' },
      { name: 'FrIeNdLy-_-bArD', version: '1.0.0', purl: 'pkg:pypi/friendly-bard@1.0.0' },
      { name: 'local-version', version: '1.2.3+gcr.2' },
    ]);
    expect(result.warnings).toEqual([
      'skipped requirement(s) not pinned to one version with ==: sqlalchemy, bar, coverage, numpyNew, numpy, Mopidy-Dirble, requests, GithubSampleProject',
      'skipped unparsable line(s) 23',
    ]);
  });

  it.each([
    ['/app/requirements.txt', true],
    ['/app/requirements-dev.txt', true],
    ['/app/extra-requirements.txt', true],
    ['/app/requirements/base.txt', false],
    ['/app/requirements.in', false],
  ])('wants %s: %s', (path, wanted) => {
    expect(cataloger.wants({ path, size: 10, mode: 0o644 })).toBe(wanted);
  });

  it('never throws on arbitrary text', async () => {
    const junk = Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 0x2fff)).join('');
    const result = await cataloger.parse(catalogFile('/app/requirements.txt', `${junk}\\\n\\`));
    expect(Array.isArray(result.packages)).toBe(true);
  });
});
