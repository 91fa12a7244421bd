import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { ConfigError, loadConfig, type LoadConfigOptions } from './load-config.js';
import { thrown } from '../../test/helpers/thrown.js';

const directory = mkdtempSync(path.join(tmpdir(), 'airlock-config-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

let files = 0;
/** Writes an airlock.yaml with the given text and returns its path. */
function yamlFile(text: string): string {
  const file = path.join(directory, `airlock-${++files}.yaml`);
  writeFileSync(file, text);
  return file;
}

function refusal(options: LoadConfigOptions): ConfigError {
  return thrown(ConfigError, () => loadConfig(options), 'loadConfig');
}

/** The admission webhook's defaults (admission-schema.ts): off, and safe when turned on. */
const ADMISSION_DEFAULTS = {
  enabled: false,
  images: { requireApproved: true, denyTagWithoutDigest: false, denyLatest: false, denyQuarantine: true, pinDigests: true, rewriteToMirror: false },
  failureMode: 'closed',
  stalenessLimit: 300_000,
  podSecurity: { enforceOnWorkloads: false, exemptions: { namespaces: [], usernames: [], runtimeClasses: [] } },
  namespaces: { labels: {}, watch: false },
  audit: { allowSampleRate: 0 },
  maxRequestBytes: 16 * 1024 * 1024,
  sync: { interval: 5_000, fullInterval: 3_600_000, timeout: 10_000, maxBackoff: 60_000 },
};

describe('defaults', () => {
  it('fills every key when there is no file and no environment', () => {
    const config = loadConfig({ env: {} });
    const dataDir = path.resolve('./airlock-data');
    expect(config).toEqual({
      listen: '127.0.0.1:5050',
      dataDir,
      databaseUrl: path.join(dataDir, 'airlock.db'),
      shutdownGracePeriod: 30_000,
      log: { level: 'info' },
      auth: { tokenTtl: 300_000, service: 'airlock' },
      registry: { maxManifestBytes: 4 * 1024 * 1024, uploadTtl: 86_400_000 },
      gate: { workers: 1, jobLease: 120_000, pollInterval: 500, tick: 10_000 },
      vulnerabilityDb: { updateInterval: 0 },
      gc: { blobGracePeriod: 3_600_000 },
      admission: ADMISSION_DEFAULTS,
    });
    expect(config.publicUrl).toBeUndefined();
    expect(config.adminPassword).toBeUndefined();
  });

  it('works with no options at all', () => {
    expect(loadConfig().listen).toBe('127.0.0.1:5050');
  });

  it('puts the SQLite database under the data directory, made absolute', () => {
    expect(loadConfig({ env: { AIRLOCK_DATA_DIR: '/srv/airlock' } }).databaseUrl).toBe('/srv/airlock/airlock.db');
    const relative = loadConfig({ env: { AIRLOCK_DATA_DIR: 'var/data' } });
    expect(relative.dataDir).toBe(path.resolve('var/data'));
    expect(relative.databaseUrl).toBe(path.join(path.resolve('var/data'), 'airlock.db'));
  });
});

describe('airlock.yaml', () => {
  const full = [
    'listen: 0.0.0.0:6000',
    'dataDir: /var/lib/airlock',
    'publicUrl: https://airlock.example.com/',
    'databaseUrl: postgres://airlock:secret@db.internal:5432/airlock',
    'adminPassword: correct-horse-battery',
    'shutdownGracePeriod: 10s',
    'log:',
    '  level: debug',
    'auth:',
    '  tokenTtl: 15m',
    '  service: registry.example.com',
    'registry:',
    '  maxManifestBytes: 2048',
    '  uploadTtl: 2h',
    'vulnerabilityDb:',
    '  updateInterval: 6h',
    '  sources: [/srv/osv/npm.zip, https://osv-mirror.internal/PyPI/all.zip]',
    '  ecosystems: [npm, PyPI]',
    'gc:',
    '  blobGracePeriod: 2d',
  ].join('\n');

  it('reads every key, converting durations to milliseconds', () => {
    const config = loadConfig({ file: yamlFile(full), env: {} });
    expect(config).toEqual({
      listen: '0.0.0.0:6000',
      dataDir: '/var/lib/airlock',
      publicUrl: 'https://airlock.example.com',
      databaseUrl: 'postgres://airlock:secret@db.internal:5432/airlock',
      adminPassword: 'correct-horse-battery',
      shutdownGracePeriod: 10_000,
      log: { level: 'debug' },
      auth: { tokenTtl: 900_000, service: 'registry.example.com' },
      registry: { maxManifestBytes: 2048, uploadTtl: 7_200_000 },
      gate: { workers: 1, jobLease: 120_000, pollInterval: 500, tick: 10_000 },
      vulnerabilityDb: { updateInterval: 21_600_000, sources: ['/srv/osv/npm.zip', 'https://osv-mirror.internal/PyPI/all.zip'], ecosystems: ['npm', 'PyPI'] },
      gc: { blobGracePeriod: 172_800_000 },
      admission: ADMISSION_DEFAULTS,
    });
  });

  it('reads the admission webhook section, and names what is wrong in it', () => {
    const config = loadConfig({ file: yamlFile('admission:\n  enabled: true\n  registries: [Airlock.Example.COM, "[fd00::1]:5000"]\n  failureMode: open\n  stalenessLimit: 2m\n  podSecurity: { enforce: "restricted:v1.30" }\n'), env: {} });
    expect(config.admission).toMatchObject({ enabled: true, registries: ['airlock.example.com', '[fd00::1]:5000'], failureMode: 'open', stalenessLimit: 120_000, podSecurity: { enforce: 'restricted:v1.30' } });
    const error = refusal({ file: yamlFile('admission:\n  failureMode: maybe\n  podSecurity: { warn: strict }\n  registries: ["https://x"]\n'), env: {} });
    expect(error.message).toMatch(/admission\.failureMode: /);
    expect(error.message).toMatch(/admission\.podSecurity\.warn: expected privileged, baseline or restricted/);
    expect(error.message).toMatch(/admission\.registries\.0: expected a registry host/);
  });

  it('keeps defaults for keys the file leaves out, including inside a section', () => {
    const config = loadConfig({ file: yamlFile('auth:\n  tokenTtl: 1m\n'), env: {} });
    expect(config.auth).toEqual({ tokenTtl: 60_000, service: 'airlock' });
    expect(config.listen).toBe('127.0.0.1:5050');
  });

  it.each([
    ['empty', ''],
    ['only comments', '# nothing configured yet\n'],
    ['an explicit null document', '~\n'],
  ])('treats an %s file as all defaults', (_label, text) => {
    expect(loadConfig({ file: yamlFile(text), env: {} }).listen).toBe('127.0.0.1:5050');
  });

  it('refuses unknown keys at the top level, naming them', () => {
    const error = refusal({ file: yamlFile('listne: 0.0.0.0:6000\n'), env: {} });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('"listne"');
  });

  it('refuses unknown keys inside a section, naming the section and the key', () => {
    const error = refusal({ file: yamlFile('auth:\n  ttl: 5m\n'), env: {} });
    expect(error.message).toMatch(/^ {2}auth: .*"ttl"/m);
  });

  it('names the file in validation errors', () => {
    const file = yamlFile('registry:\n  uploadTtl: tomorrow\n');
    const error = refusal({ file, env: {} });
    expect(error.message).toContain(`invalid configuration in ${file}:`);
    expect(error.message).toContain('registry.uploadTtl (or AIRLOCK_UPLOAD_TTL): expected a duration such as 90s, 15m, 24h, 7d or 2w, got "tomorrow"');
  });

  it('reports every invalid key, not only the first', () => {
    const error = refusal({ file: yamlFile('listen: nowhere\nlog:\n  level: loud\n'), env: {} });
    expect(error.message).toContain('listen (or AIRLOCK_LISTEN)');
    expect(error.message).toContain('log.level (or AIRLOCK_LOG_LEVEL)');
    expect(error.detail).toHaveLength(2);
  });

  it('refuses a file that cannot be read, saying why', () => {
    const missing = path.join(directory, 'missing.yaml');
    expect(refusal({ file: missing }).message).toBe(`cannot read configuration file ${missing}: ENOENT`);
    const folder = path.join(directory, 'a-folder.yaml');
    mkdirSync(folder);
    expect(refusal({ file: folder }).message).toBe(`cannot read configuration file ${folder}: EISDIR`);
  });

  it.each([
    ['an unclosed flow sequence', 'listen: [0.0.0.0:6000\n'],
    ['a duplicated key', 'listen: 0.0.0.0:6000\nlisten: 0.0.0.0:7000\n'],
    ['bad indentation', 'auth:\n  tokenTtl: 5m\n service: x\n'],
  ])('refuses invalid YAML (%s)', (_label, text) => {
    const file = yamlFile(text);
    const error = refusal({ file, env: {} });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(new RegExp(`^configuration file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid YAML: `));
  });

  it.each([
    ['a list', '- listen: 0.0.0.0:6000\n'],
    ['a scalar', 'just some text\n'],
  ])('refuses a document that is %s rather than a mapping', (_label, text) => {
    const file = yamlFile(text);
    expect(refusal({ file, env: {} }).message).toBe(`configuration file ${file} must be a YAML mapping`);
  });
});

describe('environment variables', () => {
  it.each<[string, string, (c: ReturnType<typeof loadConfig>) => unknown, unknown]>([
    ['AIRLOCK_LISTEN', '0.0.0.0:7000', (c) => c.listen, '0.0.0.0:7000'],
    ['AIRLOCK_DATA_DIR', '/data', (c) => c.dataDir, '/data'],
    ['AIRLOCK_PUBLIC_URL', 'http://airlock.local:8080//', (c) => c.publicUrl, 'http://airlock.local:8080'],
    ['AIRLOCK_DATABASE_URL', 'postgresql://u@127.0.0.1/airlock', (c) => c.databaseUrl, 'postgresql://u@127.0.0.1/airlock'],
    ['AIRLOCK_ADMIN_PASSWORD', 'twelve-chars', (c) => c.adminPassword, 'twelve-chars'],
    ['AIRLOCK_LOG_LEVEL', 'warn', (c) => c.log.level, 'warn'],
    ['AIRLOCK_TOKEN_TTL', '90s', (c) => c.auth.tokenTtl, 90_000],
    ['AIRLOCK_UPLOAD_TTL', '3d', (c) => c.registry.uploadTtl, 259_200_000],
    ['AIRLOCK_MAX_MANIFEST_BYTES', '8192', (c) => c.registry.maxManifestBytes, 8192],
    ['AIRLOCK_GC_BLOB_GRACE_PERIOD', '30m', (c) => c.gc.blobGracePeriod, 1_800_000],
  ])('%s=%s sets its key', (variable, value, read, expected) => {
    expect(read(loadConfig({ env: { [variable]: value } }))).toEqual(expected);
  });

  it('win over the file, key by key, leaving the rest of a section from the file', () => {
    const file = yamlFile('listen: 0.0.0.0:6000\nregistry:\n  maxManifestBytes: 2048\n  uploadTtl: 2h\n');
    const config = loadConfig({ file, env: { AIRLOCK_LISTEN: '127.0.0.1:7000', AIRLOCK_MAX_MANIFEST_BYTES: '8192' } });
    expect(config.listen).toBe('127.0.0.1:7000');
    expect(config.registry).toEqual({ maxManifestBytes: 8192, uploadTtl: 7_200_000 });
  });

  it('ignores variables that are set but empty', () => {
    const config = loadConfig({ file: yamlFile('listen: 0.0.0.0:6000\n'), env: { AIRLOCK_LISTEN: '', AIRLOCK_LOG_LEVEL: undefined } });
    expect(config.listen).toBe('0.0.0.0:6000');
    expect(config.log.level).toBe('info');
  });

  it('ignores variables that are not Airlock settings', () => {
    expect(loadConfig({ env: { AIRLOCK_LISTENER: 'nonsense', LISTEN: 'nonsense' } }).listen).toBe('127.0.0.1:5050');
  });

  it.each<[string, string, string]>([
    ['AIRLOCK_LISTEN', 'nowhere', 'listen (or AIRLOCK_LISTEN): expected host:port'],
    ['AIRLOCK_LISTEN', '127.0.0.1:70000', 'listen (or AIRLOCK_LISTEN)'],
    ['AIRLOCK_PUBLIC_URL', 'ftp://airlock.example.com', 'publicUrl (or AIRLOCK_PUBLIC_URL): expected an http(s) URL'],
    ['AIRLOCK_DATABASE_URL', 'mysql://db/airlock', 'databaseUrl (or AIRLOCK_DATABASE_URL): expected a SQLite file path or a postgres:// URL'],
    ['AIRLOCK_ADMIN_PASSWORD', 'short', 'adminPassword (or AIRLOCK_ADMIN_PASSWORD): the admin password needs at least 12 characters'],
    ['AIRLOCK_LOG_LEVEL', 'LOUD', 'log.level (or AIRLOCK_LOG_LEVEL)'],
    ['AIRLOCK_TOKEN_TTL', '5 minutes', 'auth.tokenTtl (or AIRLOCK_TOKEN_TTL): expected a duration'],
    ['AIRLOCK_MAX_MANIFEST_BYTES', '8k', 'registry.maxManifestBytes (or AIRLOCK_MAX_MANIFEST_BYTES)'],
    ['AIRLOCK_MAX_MANIFEST_BYTES', '100', 'registry.maxManifestBytes (or AIRLOCK_MAX_MANIFEST_BYTES)'],
    ['AIRLOCK_GC_BLOB_GRACE_PERIOD', '-1h', 'gc.blobGracePeriod (or AIRLOCK_GC_BLOB_GRACE_PERIOD)'],
  ])('a bad %s=%j is reported with the key and the variable', (variable, value, expected) => {
    const error = refusal({ env: { [variable]: value } });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^invalid configuration:\n/);
    expect(error.message).toContain(`  ${expected}`);
  });

  it('lose to explicit overrides (serve flags)', () => {
    const config = loadConfig({ env: { AIRLOCK_LISTEN: '127.0.0.1:7000' }, overrides: { listen: '0.0.0.0:8000' } });
    expect(config.listen).toBe('0.0.0.0:8000');
  });
});

describe('database URL', () => {
  it.each(['postgres://airlock@127.0.0.1:5432/airlock', 'postgresql://airlock:pw@db/airlock?sslmode=require', '/var/lib/airlock/airlock.db', 'relative/airlock.db', 'file:airlock.db'])(
    'accepts %s unchanged',
    (databaseUrl) => {
      expect(loadConfig({ file: yamlFile(`databaseUrl: "${databaseUrl}"\n`), env: {} }).databaseUrl).toBe(databaseUrl);
    },
  );

  it.each(['mysql://db/airlock', 'sqlite:///tmp/airlock.db', 'https://db.example.com/'])('refuses %s', (databaseUrl) => {
    expect(refusal({ env: { AIRLOCK_DATABASE_URL: databaseUrl } }).message).toContain('databaseUrl (or AIRLOCK_DATABASE_URL)');
  });

  it('refuses an empty one in the file', () => {
    expect(refusal({ file: yamlFile('databaseUrl: ""\n'), env: {} }).message).toContain('databaseUrl');
  });
});

describe('the result', () => {
  it('is deeply frozen', () => {
    const config = loadConfig({ env: {} });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.auth)).toBe(true);
    expect(Object.isFrozen(config.registry)).toBe(true);
    expect(() => {
      (config as { listen: string }).listen = '0.0.0.0:1';
    }).toThrow(TypeError);
    expect(() => {
      (config.auth as { tokenTtl: number }).tokenTtl = 1;
    }).toThrow(TypeError);
    expect(config.listen).toBe('127.0.0.1:5050');
  });

  it('is a new object each time, so one caller cannot see another caller’s config', () => {
    const first = loadConfig({ env: { AIRLOCK_LISTEN: '127.0.0.1:1' } });
    const second = loadConfig({ env: {} });
    expect(first.listen).toBe('127.0.0.1:1');
    expect(second.listen).toBe('127.0.0.1:5050');
  });
});
