/** Operating-system detection: the `os-release` cataloger and the choice among several release files. */
export type { OsInfo } from './os-info.js';
export { osReleaseCataloger } from './os-release-cataloger.js';
export { chooseOs } from './choose-os.js';
