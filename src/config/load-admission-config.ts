/** Reads admission.yaml for `airlock admission serve`: the file, then flags; frozen. */
import { admissionServeSchema, type AdmissionServeConfig } from './admission-schema.js';
import { ConfigError, deepFreeze, readConfigFile } from './load-config.js';

export function loadAdmissionConfig(file: string, overrides: Record<string, unknown> = {}): AdmissionServeConfig {
  const document = { ...readConfigFile(file), ...overrides };
  const result = admissionServeSchema.safeParse(document);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(document)'}: ${issue.message}`);
    throw new ConfigError(`invalid admission configuration in ${file}:\n${lines.join('\n')}`, result.error.issues);
  }
  return deepFreeze(result.data);
}
