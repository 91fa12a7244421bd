/**
 * dpkg (Debian, Ubuntu and their derivatives): packages of type `dpkg`, purl
 * `pkg:deb/debian/<name>@<version>?arch=…` — the `debian` namespace is a
 * placeholder the scanner's OS step replaces with the distribution's ID.
 */
export { dpkgCataloger, dpkgFilesCataloger } from './cataloger.js';
export { DPKG_PLACEHOLDER_NAMESPACE } from './package.js';
