/**
 * The dependency tree `cargo auditable` embeds in Rust binaries: zlib-compressed
 * JSON in the `.dep-v0` linker section, `{format?, packages: [{name, version,
 * source, kind?, dependencies?, root?}]}` (rust-secure-code/cargo-auditable,
 * cargo-auditable.schema.json). Decompression is capped — the section is
 * untrusted input and a few KiB of deflate can expand to gigabytes — and each
 * package entry is validated on its own, so one odd entry is a warning.
 */
import { inflateSync } from 'node:zlib';
import { z } from 'zod';
import { CatalogError } from '../catalog-error.js';

export interface AuditDataLimits {
  /** Largest `.dep-v0` section accepted (compressed). */
  maxCompressedBytes: number;
  /** Largest JSON the section may inflate to. */
  maxJsonBytes: number;
  maxPackages: number;
}

export const DEFAULT_AUDIT_DATA_LIMITS: AuditDataLimits = Object.freeze({ maxCompressedBytes: 4 * 1024 * 1024, maxJsonBytes: 8 * 1024 * 1024, maxPackages: 100_000 });

/** `source` is "crates.io", "git", "local", "registry" or any other string (the Rust `Source::Other`). */
const sourceSchema = z.union([z.string(), z.looseObject({ Other: z.string() }).transform((other) => other.Other)]);

const auditPackageSchema = z.looseObject({
  name: z.string().min(1).max(1024),
  version: z.string().min(1).max(1024),
  source: sourceSchema.optional(),
  kind: z.enum(['build', 'runtime']).optional(),
  dependencies: z.array(z.number().int().nonnegative()).optional(),
  root: z.boolean().optional(),
});

const versionInfoSchema = z.looseObject({
  format: z.number().int().nonnegative().optional(),
  packages: z.array(z.unknown()),
});

export interface AuditPackage {
  name: string;
  version: string;
  source: string;
  kind: 'build' | 'runtime';
  root: boolean;
}

export interface AuditData {
  /** Format revision (0 when absent): 0 = from `cargo metadata`, 1 = proc-macros recorded as build dependencies, 8 = SBOM precursor. */
  format: number;
  packages: AuditPackage[];
}

function malformed(message: string, cause?: unknown): CatalogError {
  return new CatalogError('MALFORMED', `cargo-auditable data: ${message}`, cause === undefined ? undefined : { cause });
}

export function decodeAuditData(compressed: Buffer, limits: AuditDataLimits, warnings: string[]): AuditData {
  if (compressed.length > limits.maxCompressedBytes) throw malformed(`section of ${compressed.length} bytes exceeds the ${limits.maxCompressedBytes}-byte cap`);
  const json = inflate(compressed, limits.maxJsonBytes);
  let document: unknown;
  try {
    document = JSON.parse(json.toString('utf8'));
  } catch (error) {
    throw malformed('not JSON', error);
  }
  const info = versionInfoSchema.safeParse(document);
  if (!info.success) throw malformed(`not a cargo-auditable document (${info.error.issues[0]?.message ?? 'invalid'})`);
  if (info.data.packages.length > limits.maxPackages) throw malformed(`${info.data.packages.length} packages exceed the cap of ${limits.maxPackages}`);
  const packages: AuditPackage[] = [];
  info.data.packages.forEach((entry, index) => {
    const parsed = auditPackageSchema.safeParse(entry);
    if (!parsed.success) {
      warnings.push(`cargo-auditable package #${index}: ${parsed.error.issues[0]?.message ?? 'invalid'} at ${parsed.error.issues[0]?.path.join('.') ?? ''}`);
      return;
    }
    const { name, version, source, kind, root } = parsed.data;
    packages.push({ name, version, source: source ?? 'unknown', kind: kind ?? 'runtime', root: root ?? false });
  });
  return { format: info.data.format ?? 0, packages };
}

/** zlib inflate that stops at `maxBytes` of output instead of allocating whatever the stream claims. */
function inflate(compressed: Buffer, maxBytes: number): Buffer {
  try {
    return inflateSync(compressed, { maxOutputLength: maxBytes });
  } catch (error) {
    if (error instanceof RangeError) throw malformed(`inflates to more than ${maxBytes} bytes (decompression bomb?)`, error);
    throw malformed(`not a zlib stream (${error instanceof Error ? error.message : String(error)})`, error);
  }
}
