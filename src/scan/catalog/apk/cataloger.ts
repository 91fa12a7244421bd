/** The apk cataloger: installed packages and the files they own, from apk's installed database. */
import type { CatalogFile, CatalogResult, Cataloger, FileHeader } from '../cataloger.js';
import { decodeText, malformed } from '../generic.js';
import { apkPackage } from './package.js';
import { parseApkDb } from './parse-apk-db.js';

const INSTALLED = '/lib/apk/db/installed';

/** A damaged file can have thousands of odd lines; the report needs the first few and a count. */
const MAX_WARNINGS = 20;

export const apkCataloger: Cataloger = Object.freeze({
  name: 'apk',
  version: 1,
  wants: (file: FileHeader) => file.path === INSTALLED,
  parse: async (file: CatalogFile): Promise<CatalogResult> => {
    const text = decodeText(await file.read());
    const parsed = parseApkDb(text);
    if (parsed.records.length === 0 && parsed.warnings.length > 0) {
      throw malformed(file.path, `not an apk database (${parsed.warnings[0] ?? ''})`);
    }
    const packages = parsed.records.map((record) => ({ ...apkPackage(record), path: file.path }));
    const ownedFiles = [...new Set(parsed.records.flatMap((record) => record.files))];
    const result: CatalogResult = { packages, ownedFiles };
    if (parsed.warnings.length === 0) return result;
    const warnings = parsed.warnings.length <= MAX_WARNINGS ? parsed.warnings : [...parsed.warnings.slice(0, MAX_WARNINGS), `… and ${parsed.warnings.length - MAX_WARNINGS} more`];
    return { ...result, warnings };
  },
});
