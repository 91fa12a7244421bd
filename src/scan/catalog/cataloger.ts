/**
 * The cataloger contract (after Trivy's analyzers and Syft's catalogers): one per
 * ecosystem, each in its own folder, registered in `catalogers.ts`. `wants` is a
 * cheap filter on the tar header, so the layer walk reads only what someone
 * needs; `version` is part of the layer cache key, so a fixed parser
 * invalidates old results.
 */
import type { Readable } from 'node:stream';
import type { OsInfo } from '../os/os-info.js';
import type { Package } from './package.js';

/** What a cataloger sees of a file before deciding to read it. Paths are absolute and normalised: `/usr/lib/os-release`. */
export interface FileHeader {
  path: string;
  size: number;
  /** Unix permission bits (e.g. 0o755), for catalogers that look at executables. */
  mode: number;
}

/** A file the cataloger asked for. Read it once, by one of the two methods. */
export interface CatalogFile extends FileHeader {
  /** The whole content; refuses (CatalogError FILE_TOO_LARGE) files above the per-file cap. */
  read(): Promise<Buffer>;
  /** The content as a stream, for large files scanned incrementally (Go binaries). */
  stream(): Readable;
}

export interface CatalogResult {
  packages: Package[];
  /** Operating system facts (only the OS analyzer sets this). */
  os?: OsInfo;
  /** Files this result's packages own (OS package managers), so language catalogers do not report them twice. */
  ownedFiles?: string[];
  /** Things that did not stop the scan but the report should mention (an unparsable line, an odd version). */
  warnings?: string[];
}

export interface Cataloger {
  /** Unique, stable name: `dpkg`, `npm-lock`, `go-binary`, … */
  readonly name: string;
  /** Bump whenever parsing changes: cached layer results of older versions are discarded. */
  readonly version: number;
  wants(file: FileHeader): boolean;
  /**
   * Parses one file. Throwing is for bugs and infrastructure failures only:
   * malformed content becomes `warnings` (or a CatalogError, which the layer walk
   * turns into a report error), never a crash.
   */
  parse(file: CatalogFile): Promise<CatalogResult>;
}
