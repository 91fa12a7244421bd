export { loadConfig, ConfigError, type LoadConfigOptions } from './load-config.js';
export { configSchema, type AirlockConfig, type ConfigInput } from './schema.js';
export { parseDuration, DURATION_HELP } from './duration.js';
export { AIRLOCK_VERSION } from './version.js';
