/**
 * apk (Alpine and apk-based distributions): packages of type `apk`, purl
 * `pkg:apk/alpine/<name>@<version>?arch=…`, plus the files each package owns.
 */
export { apkCataloger } from './cataloger.js';
export { APK_PLACEHOLDER_NAMESPACE } from './package.js';
