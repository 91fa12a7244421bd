/**
 * The generic cataloger (after Syft's `generic/cataloger.go`): most language
 * catalogers are configuration — a name, a version, which paths — plus one
 * parser function from file text to packages. This module owns what every such
 * cataloger would otherwise repeat:
 *
 * - reading and decoding the file (UTF-8 or UTF-16 with a byte-order mark,
 *   because pip writes `requirements.txt` in UTF-16 on Windows);
 * - turning syntax and shape errors (JSON, YAML, TOML, zod) into a
 *   `CatalogError` MALFORMED, so one bad file becomes a report error, not a crash;
 * - stamping every package with the file's path;
 * - de-duplicating name@version within one file (lockfiles list the same
 *   package once per dependent: nested node_modules, yarn specifiers, pnpm
 *   peer variants). Across files and layers, dedup is the scanner's job.
 */
import { YAMLError } from 'yaml';
import { TomlError } from 'smol-toml';
import { z } from 'zod';
import { CatalogError } from './catalog-error.js';
import type { CatalogFile, CatalogResult, Cataloger, FileHeader } from './cataloger.js';
import type { Package } from './package.js';

/** A package as a parser reports it; the helper adds `path`, the scanner adds `layer`. */
export type FoundPackage = Omit<Package, 'path' | 'layer'>;

export interface ParseInput {
  /** Absolute path of the file in the image. */
  path: string;
  /** The decoded content. */
  text: string;
}

export interface ParseOutput {
  packages: FoundPackage[];
  warnings?: string[];
}

export interface GenericCatalogerSpec {
  /** Unique, stable cataloger name (`npm-package-lock`, `poetry-lock`, …). */
  name: string;
  /** Bump whenever parsing changes (part of the layer cache key). */
  version: number;
  /** Cheap filter on the absolute, normalised path; nothing is read before it says yes. */
  wants(path: string): boolean;
  /** Pure: text in, packages out. Throws CatalogError (or a syntax/zod error) for malformed input. */
  parse(input: ParseInput): ParseOutput;
}

/** Builds a `Cataloger` from a path predicate and a parser function. */
export function genericCataloger(spec: GenericCatalogerSpec): Cataloger {
  return Object.freeze({
    name: spec.name,
    version: spec.version,
    wants: (file: FileHeader) => spec.wants(file.path),
    parse: async (file: CatalogFile): Promise<CatalogResult> => {
      const text = decodeText(await file.read());
      const output = runParser(spec, { path: file.path, text });
      const packages = dedupePackages(output.packages).map((found) => ({ ...found, path: file.path }));
      const warnings = output.warnings ?? [];
      return warnings.length > 0 ? { packages, warnings } : { packages };
    },
  });
}

function runParser(spec: GenericCatalogerSpec, input: ParseInput): ParseOutput {
  try {
    return spec.parse(input);
  } catch (error) {
    if (error instanceof CatalogError) throw error;
    // Syntax errors of the data formats, zod shape errors, and stack exhaustion on
    // absurd nesting are all properties of the file, not of Airlock.
    if (error instanceof SyntaxError || error instanceof YAMLError || error instanceof TomlError || error instanceof z.ZodError || error instanceof RangeError) {
      throw malformed(input.path, error.message.split('\n')[0] ?? 'unparsable', error);
    }
    throw error;
  }
}

/** The CatalogError for a file whose content cannot be understood. */
export function malformed(path: string, reason: string, cause?: unknown): CatalogError {
  return new CatalogError('MALFORMED', `${path}: ${reason}`, cause === undefined ? { detail: { path } } : { detail: { path }, cause });
}

/** Validates parsed data at the boundary; a mismatch is MALFORMED, naming the first offending field. */
export function validate<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw malformed(path, `unexpected shape: ${describeIssue(result.error)}`, result.error);
}

/**
 * Validates each entry of a map on its own: a bad entry becomes a warning and is
 * skipped, so one odd package does not hide the other thousand in a lockfile.
 */
export function validEntries<T>(schema: z.ZodType<T>, entries: Iterable<[string, unknown]>, warnings: string[]): Array<[string, T]> {
  const valid: Array<[string, T]> = [];
  for (const [key, value] of entries) {
    const result = schema.safeParse(value);
    if (result.success) valid.push([key, result.data]);
    else warnings.push(`skipped entry ${JSON.stringify(key)}: ${describeIssue(result.error)}`);
  }
  return valid;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue?.message ?? 'invalid'}`;
}

/** JSON.parse with syntax errors reported as MALFORMED. */
export function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw malformed(path, `not valid JSON (${error instanceof Error ? error.message : 'syntax error'})`, error);
  }
}

/**
 * Text of a file: UTF-16 when a byte-order mark says so, UTF-8 otherwise (a
 * UTF-8 BOM is dropped; invalid bytes become U+FFFD rather than failing).
 */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
}

/**
 * One entry per name@version, in first-seen order. A package is dev-only when
 * every occurrence is (npm and Trivy agree: one production path makes it production).
 */
export function dedupePackages(packages: readonly FoundPackage[]): FoundPackage[] {
  const byKey = new Map<string, FoundPackage>();
  for (const found of packages) {
    const key = `${found.name}@${found.version}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, found);
      continue;
    }
    const dev = seen.dev === undefined ? found.dev : found.dev === undefined ? seen.dev : seen.dev && found.dev;
    const licenses = seen.licenses && seen.licenses.length > 0 ? seen.licenses : found.licenses;
    byKey.set(key, withOptional({ ...seen }, { dev, licenses }));
  }
  return [...byKey.values()];
}

/**
 * A copy of `base` with the defined values of `extra`; undefined values leave the
 * key absent, so packages never carry `key: undefined` (tests compare with toEqual).
 */
export function withOptional<T extends object>(base: T, extra: Partial<T>): T {
  const result: T = { ...base };
  for (const [key, value] of Object.entries(extra) as Array<[keyof T, T[keyof T] | undefined]>) {
    if (value !== undefined) result[key] = value;
    else delete result[key];
  }
  return result;
}

/** The last segment of an absolute path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The segments of an absolute path, without the empty root segment. */
export function pathSegments(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}
