/**
 * rpm (RHEL and its rebuilds, Fedora, SUSE, Amazon Linux, CBL-Mariner):
 * packages of type `rpm` from the rpm database in all three formats (SQLite,
 * Berkeley DB hash, NDB), plus the files each package owns.
 */
export { rpmCataloger } from './cataloger.js';
export { parseSourceRpm, vendorNamespace } from './package.js';
