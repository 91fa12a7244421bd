/** The package version, for `airlock --version`. */
export { AIRLOCK_VERSION as VERSION } from '../config/index.js';
