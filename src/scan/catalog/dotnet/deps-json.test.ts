import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogFile, catalogFixture, expectPackages } from '../cataloger-harness.js';
import { dotnetDepsCataloger as cataloger } from './index.js';

const fixture = (path: string) => fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url));

interface TrivyCase {
  case: string | null;
  input: string[];
  expected_packages: Array<{ name: string; version: string }> | null;
}
const trivy = JSON.parse(readFileSync(fixture('trivy/core_deps/expected.json'), 'utf8')) as { cases: TrivyCase[] };

/** Names of the `project` libraries of a deps.json: Trivy reports them, Airlock does not (the application's own code). */
function projectNames(path: string): Set<string> {
  const deps = JSON.parse(readFileSync(path, 'utf8')) as { libraries?: Record<string, { type: string }> };
  return new Set(Object.entries(deps.libraries ?? {}).filter(([, library]) => library.type === 'project').map(([key]) => key.slice(0, key.lastIndexOf('/'))));
}

describe('deps.json: Trivy expectations (minus project libraries)', () => {
  const cases = trivy.cases.filter((c) => c.expected_packages !== null);
  it.each(cases.map((c) => [c.case ?? c.input[0], c] as const))('%s', async (_name, testCase) => {
    const path = fixture(`trivy/core_deps/${testCase.input[0]}`);
    const { packages } = await catalogFixture(cataloger, path, '/app/ExampleApp1.deps.json');
    const projects = projectNames(path);
    expectPackages(packages, (testCase.expected_packages ?? []).filter((p) => !projects.has(p.name)).map((p) => ({ name: p.name, version: p.version })));
  });
});

describe('deps.json', () => {
  it('reports NuGet packages with nuget purls and the path', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('trivy/core_deps/testdata/happy.deps.json'), '/app/ExampleApp1.deps.json');
    expect(packages).toEqual([{ name: 'Newtonsoft.Json', version: '13.0.1', type: 'dotnet', purl: 'pkg:nuget/Newtonsoft.Json@13.0.1', path: '/app/ExampleApp1.deps.json' }]);
  });

  it('reports the runtime packs of a self-contained app under their NuGet names', async () => {
    const { packages } = await catalogFixture(cataloger, fixture('trivy/core_deps/testdata/self-contained.deps.json'), '/app/ExampleApp1.deps.json');
    expect(packages.map((p) => p.purl).sort()).toEqual([
      'pkg:nuget/Microsoft.AspNetCore.App.Runtime.linux-x64@8.0.0',
      'pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@8.0.0',
      'pkg:nuget/Newtonsoft.Json@13.0.1',
    ]);
  });

  it('skips packages that deploy no assets, reference assemblies and projects', async () => {
    const library = await catalogFixture(cataloger, fixture('syft/dir-example-1/TestLibrary.deps.json'), '/app/TestLibrary.deps.json');
    expect(library.packages).toHaveLength(10);
    expect(library.packages.some((p) => p.name === 'System.Diagnostics.DiagnosticSource' || p.name === 'TestLibrary')).toBe(false);
    const reference = await catalogFixture(cataloger, fixture('syft/deps-with-referenceassembly/MyApp.deps.json'), '/app/MyApp.deps.json');
    expectPackages(reference.packages, [{ name: 'Newtonsoft.Json', version: '13.0.3' }]);
  });

  it.each([
    ['invalid JSON (Trivy sad path)', readFileSync(fixture('trivy/core_deps/testdata/invalid.deps.json'), 'utf8')],
    ['libraries of the wrong type', '{"libraries": ["Newtonsoft.Json/13.0.1"]}'],
  ])('refuses %s as MALFORMED', async (_what, text) => {
    await expect(cataloger.parse(catalogFile('/app/x.deps.json', text))).rejects.toMatchObject({ code: 'MALFORMED' });
  });

  it('warns about a library key without a version', async () => {
    const result = await cataloger.parse(catalogFile('/app/x.deps.json', '{"libraries": {"Broken": {"type": "package"}, "Ok/1.0.0": {"type": "package"}}}'));
    expectPackages(result.packages, [{ name: 'Ok', version: '1.0.0' }]);
    expect(result.warnings).toEqual(['skipped library "Broken": not name/version']);
  });
});
