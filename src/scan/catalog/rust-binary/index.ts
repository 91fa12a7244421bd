/** Rust: crates compiled into `cargo auditable` binaries, as packages of type `cargo`. */
export { AUDIT_SECTION, createRustBinaryCataloger, rustBinaryCataloger, type RustBinaryCatalogerOptions } from './rust-binary-cataloger.js';
export { DEFAULT_AUDIT_DATA_LIMITS, type AuditDataLimits } from './audit-data.js';
