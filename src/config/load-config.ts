/**
 * Builds the one frozen configuration object: defaults, then `airlock.yaml`,
 * then `AIRLOCK_*` environment variables. Nothing else in Airlock reads the environment.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AirlockError } from '../errors/index.js';
import { configSchema, type AirlockConfig } from './schema.js';

export class ConfigError extends AirlockError {
  constructor(message: string, detail?: unknown) {
    super('CONFIG_INVALID', 400, message, { detail });
  }
}

/** Environment variable → config key path. */
const ENVIRONMENT: ReadonlyArray<[string, string[], 'string' | 'number']> = [
  ['AIRLOCK_LISTEN', ['listen'], 'string'],
  ['AIRLOCK_DATA_DIR', ['dataDir'], 'string'],
  ['AIRLOCK_PUBLIC_URL', ['publicUrl'], 'string'],
  ['AIRLOCK_DATABASE_URL', ['databaseUrl'], 'string'],
  ['AIRLOCK_ADMIN_PASSWORD', ['adminPassword'], 'string'],
  ['AIRLOCK_LOG_LEVEL', ['log', 'level'], 'string'],
  ['AIRLOCK_TOKEN_TTL', ['auth', 'tokenTtl'], 'string'],
  ['AIRLOCK_UPLOAD_TTL', ['registry', 'uploadTtl'], 'string'],
  ['AIRLOCK_MAX_MANIFEST_BYTES', ['registry', 'maxManifestBytes'], 'number'],
  ['AIRLOCK_GC_BLOB_GRACE_PERIOD', ['gc', 'blobGracePeriod'], 'string'],
  ['AIRLOCK_GATE_WORKERS', ['gate', 'workers'], 'number'],
  ['AIRLOCK_DB_UPDATE_INTERVAL', ['vulnerabilityDb', 'updateInterval'], 'string'],
  ['AIRLOCK_TLS_CERT_FILE', ['tls', 'certFile'], 'string'],
  ['AIRLOCK_TLS_KEY_FILE', ['tls', 'keyFile'], 'string'],
];

export interface LoadConfigOptions {
  /** Path of airlock.yaml; when absent only defaults and the environment apply. */
  file?: string;
  env?: Record<string, string | undefined>;
  /** Values that win over everything (used by tests and `serve` flags). */
  overrides?: Record<string, unknown>;
}

export function loadConfig(options: LoadConfigOptions = {}): AirlockConfig {
  const document = options.file ? readConfigFile(options.file) : {};
  const sources: string[] = [];
  for (const [variable, keyPath, type] of ENVIRONMENT) {
    const raw = options.env?.[variable];
    if (raw === undefined || raw === '') continue;
    setPath(document, keyPath, type === 'number' && /^\d+$/.test(raw) ? Number(raw) : raw);
    sources.push(`${keyPath.join('.')} (${variable})`);
  }
  Object.assign(document, options.overrides ?? {});
  const result = configSchema.safeParse(document);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(document)';
      const variable = ENVIRONMENT.find(([, keyPath]) => keyPath.join('.') === key)?.[0];
      return `  ${key}${variable ? ` (or ${variable})` : ''}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration${options.file ? ` in ${options.file}` : ''}:\n${lines.join('\n')}`, result.error.issues);
  }
  const config = result.data;
  const dataDir = path.resolve(config.dataDir);
  return deepFreeze({
    ...config,
    dataDir,
    databaseUrl: config.databaseUrl ?? path.join(dataDir, 'airlock.db'),
  });
}

export function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read configuration file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`configuration file ${file} is not valid YAML: ${(error as Error).message}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`configuration file ${file} must be a YAML mapping`);
  return value as Record<string, unknown>;
}

function setPath(target: Record<string, unknown>, keyPath: string[], value: unknown): void {
  let node = target;
  for (const key of keyPath.slice(0, -1)) {
    const next = node[key];
    node = (next && typeof next === 'object' ? next : (node[key] = {})) as Record<string, unknown>;
  }
  node[keyPath[keyPath.length - 1] as string] = value;
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
