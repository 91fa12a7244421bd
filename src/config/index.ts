export { loadConfig, ConfigError, type LoadConfigOptions } from './load-config.js';
export { configSchema, type AirlockConfig, type ConfigInput } from './schema.js';
export { parseDuration, DURATION_HELP } from './duration.js';
export { readPemFile } from './read-pem.js';
export { AIRLOCK_VERSION } from './version.js';
export { loadAdmissionConfig } from './load-admission-config.js';
export {
  admissionPolicySchema,
  admissionServeSchema,
  embeddedAdmissionSchema,
  type AdmissionPolicyConfig,
  type AdmissionServeConfig,
  type AdmissionSyncConfig,
  type EmbeddedAdmissionConfig,
} from './admission-schema.js';
