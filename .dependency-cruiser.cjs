/**
 * Dependencies point one way (ARCHITECTURE.md "Parts"): cli, server → api, registry → gate → scan, policy, events, audit → db, storage, oci → errors.
 * Each part is entered only through its index.ts.
 */
const allowed = {
  errors: [],
  config: ['errors'],
  oci: ['errors'],
  storage: ['errors', 'oci'],
  db: ['errors'],
  auth: ['errors', 'db', 'oci'],
  scan: ['errors', 'oci', 'db', 'config'],
  policy: ['errors', 'db', 'config'],
  audit: ['errors', 'db'],
  events: ['errors', 'db', 'config'],
  admission: ['errors', 'config', 'oci'],
  gate: ['errors', 'oci', 'storage', 'db', 'config', 'auth', 'scan', 'policy', 'events', 'audit'],
  registry: ['errors', 'oci', 'storage', 'db', 'auth', 'gate'],
  api: ['errors', 'auth', 'config', 'gate', 'policy', 'events', 'audit', 'scan', 'oci'],
  server: ['errors', 'config', 'oci', 'storage', 'db', 'auth', 'scan', 'policy', 'events', 'audit', 'gate', 'registry', 'api', 'admission'],
  cli: ['errors', 'config', 'server', 'scan', 'oci', 'db', 'policy', 'admission'],
};

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'enter-parts-through-index',
      comment: 'Import another part only through its index.ts, its one public door.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/([^/]+)/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    ...Object.entries(allowed).map(([part, deps]) => ({
      name: `${part}-depends-only-on-${deps.join('-') || 'nothing'}`,
      severity: 'error',
      from: { path: `^src/${part}/` },
      to: { path: '^src/([^/]+)/', pathNot: [`^src/${part}/`, ...deps.map((dep) => `^src/${dep}/`)] },
    })),
    {
      name: 'tests-stay-out-of-production',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$|^src/storage/conformance\\.ts$|-harness\\.ts$' },
      to: { path: '^test/|\\.test\\.ts$|vitest' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$|/fixtures/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
