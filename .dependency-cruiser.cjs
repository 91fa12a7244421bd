/**
 * Dependencies point one way (ARCHITECTURE.md "Parts"): cli, server → api, registry → auth → db, storage, oci → errors.
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
  registry: ['errors', 'oci', 'storage', 'db', 'auth'],
  api: ['errors', 'auth', 'config'],
  server: ['errors', 'config', 'oci', 'storage', 'db', 'auth', 'registry', 'api'],
  cli: ['errors', 'config', 'server', 'scan', 'oci', 'db'],
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
