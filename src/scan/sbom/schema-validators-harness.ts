/**
 * Test-only validators for the official SBOM schemas: CycloneDX through the library's
 * own strict validator (it ships the official schemas), SPDX 2.3 through Ajv with the
 * official JSON schema saved in fixtures/ (see fixtures/SOURCE.md).
 */
import { readFileSync } from 'node:fs';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import type { CycloneDxSpecVersion } from './cyclonedx.js';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = addFormatsModule.default;

const VERSIONS = { '1.5': Spec.Version.v1dot5, '1.6': Spec.Version.v1dot6 } as const;

/** null when valid, else the validator's error details. */
export async function cycloneDxErrors(json: string, version: CycloneDxSpecVersion): Promise<unknown> {
  return new Validation.JsonStrictValidator(VERSIONS[version]).validate(json);
}

const spdxSchema: unknown = JSON.parse(readFileSync(new URL('./fixtures/spdx-schema-2.3.json', import.meta.url), 'utf8'));
const ajv = new Ajv2019({ allErrors: true, strict: false });
addFormats(ajv);
const validateSpdx = ajv.compile(spdxSchema as object);

/** [] when the document satisfies the official SPDX 2.3 schema. */
export function spdxSchemaErrors(json: string): unknown[] {
  return validateSpdx(JSON.parse(json)) ? [] : [...(validateSpdx.errors ?? [])];
}
