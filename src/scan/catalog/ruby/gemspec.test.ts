import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogFile, catalogFixture, expectPackages } from '../cataloger-harness.js';
import { gemspecCataloger as cataloger } from './index.js';

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/syft/${path}`, import.meta.url));
const SPECS = '/usr/local/lib/ruby/gems/3.2.0/specifications';

describe('installed gemspecs', () => {
  it('reads name, version and licences of a generated specification', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('bundler.gemspec'), `${SPECS}/bundler-2.1.4.gemspec`);
    expect(packages).toEqual([{ name: 'bundler', version: '2.1.4', type: 'gem', purl: 'pkg:gem/bundler@2.1.4', licenses: ['MIT'], path: `${SPECS}/bundler-2.1.4.gemspec` }]);
  });

  it('reads versions written with .freeze and default gems', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('formatador.gemspec'), `${SPECS}/default/formatador-1.1.0.gemspec`);
    expectPackages(packages, [{ name: 'formatador', version: '1.1.0', licenses: ['MIT'] }]);
  });

  it('reads a single s.license and Gem::Version.new', async () => {
    const text = 'Gem::Specification.new do |spec|\n  spec.name = "x"\n  spec.version = Gem::Version.new("2.0.1")\n  spec.license = "Apache-2.0"\nend\n';
    const { packages } = await cataloger.parse(catalogFile(`${SPECS}/x-2.0.1.gemspec`, text));
    expectPackages(packages, [{ name: 'x', version: '2.0.1', licenses: ['Apache-2.0'] }]);
  });

  it('falls back to the stub comment', async () => {
    const text = '# stub: json 2.6.3 ruby lib\nGem::Specification.new do |s|\n  s.name = NAME\nend\n';
    const { packages } = await cataloger.parse(catalogFile(`${SPECS}/default/json-2.6.3.gemspec`, text));
    expectPackages(packages, [{ name: 'json', version: '2.6.3' }]);
  });

  it('warns about a file that is not a specification', async () => {
    const result = await catalogFixture(cataloger, fixture('glob-paths/specifications/root.gemspec'), `${SPECS}/root.gemspec`);
    expect(result.packages).toEqual([]);
    expect(result.warnings).toHaveLength(1);
  });

  it.each([
    [`${SPECS}/rake-13.0.6.gemspec`, true],
    [`${SPECS}/default/json-2.6.3.gemspec`, true],
    ['/app/myapp.gemspec', false],
    ['/usr/local/bundle/gems/rake-13.0.6/rake.gemspec', false],
  ])('wants %s: %s', (path, wanted) => {
    expect(cataloger.wants({ path, size: 1, mode: 0o644 })).toBe(wanted);
  });
});
