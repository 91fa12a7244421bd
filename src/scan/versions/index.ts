/** Version ordering per package ecosystem; the one public door of scan/versions. */
export type { VersionComparator } from './comparator.js';
export { comparators, comparatorFor } from './comparators.js';
export { apkComparator, apkVersionMatch } from './apk.js';
export { composerComparator } from './composer.js';
export { dpkgComparator } from './dpkg.js';
export { canonicalGoVersion, goComparator } from './go.js';
export { canonicalMavenVersion, mavenComparator, mavenVersionsEqual } from './maven.js';
export { nugetComparator } from './nuget.js';
export { normalizePep440, pep440Comparator } from './pep440.js';
export { rpmComparator } from './rpm.js';
export { rubygemsComparator } from './rubygems.js';
export { satisfies, semverComparator } from './semver.js';
