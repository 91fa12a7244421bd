/**
 * How an apk record becomes an Airlock package. The purl namespace is `alpine`
 * (purl-spec's apk type); apk-based distributions other than Alpine (Wolfi,
 * Chainguard, postmarketOS) get their namespace from the scanner's OS step, as
 * dpkg packages do. The licence is kept as apk writes it (`MIT BSD GPL2+`):
 * declared, never reinterpreted.
 */
import { withOptional, type FoundPackage } from '../generic.js';
import { purlOf } from '../purl.js';
import type { ApkRecord } from './parse-apk-db.js';

export const APK_PLACEHOLDER_NAMESPACE = 'alpine';

export function apkPackage(record: ApkRecord): FoundPackage {
  const qualifiers: Record<string, string> = record.arch ? { arch: record.arch } : {};
  const purl = purlOf({ type: 'apk', namespace: APK_PLACEHOLDER_NAMESPACE, name: record.name, version: record.version, qualifiers });
  // Alpine's secdb and OSV publish advisories per origin (aports) package, at the binary's version.
  const source = { name: record.origin ?? record.name, version: record.version };
  return withOptional<FoundPackage>(
    { name: record.name, version: record.version, type: 'apk', source, purl },
    { arch: record.arch, licenses: record.license ? [record.license] : undefined, metadata: record.commit ? { commit: record.commit } : undefined },
  );
}
