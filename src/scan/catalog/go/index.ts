/** Go: modules compiled into binaries (build info), as packages of type `go`. */
export { createGoBinaryCataloger, goBinaryCataloger, type GoBinaryCatalogerOptions } from './go-binary-cataloger.js';
export { DEFAULT_BUILD_INFO_LIMITS, type BuildInfoLimits } from './build-info-scanner.js';
