/**
 * The test harness every cataloger test uses (like Syft's pkgtest): feed real
 * fixture files to a cataloger as the layer walk would, and compare packages
 * declaratively. Test-only: excluded from the build.
 */
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import type { CatalogFile, CatalogResult, Cataloger } from './cataloger.js';
import type { Package } from './package.js';

/** A CatalogFile for `imagePath` whose content is `content`. */
export function catalogFile(imagePath: string, content: Buffer | string, mode = 0o644): CatalogFile {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return {
    path: imagePath,
    size: bytes.length,
    mode,
    read: async () => bytes,
    stream: () => Readable.from([bytes]),
  };
}

/** Parses the fixture at `fixturePath` as if it were `imagePath` in an image, checking `wants` first. */
export async function catalogFixture(cataloger: Cataloger, fixturePath: string, imagePath: string, mode?: number): Promise<CatalogResult> {
  const info = await stat(fixturePath);
  const file = catalogFile(imagePath, await readFile(fixturePath), mode ?? (info.mode & 0o7777));
  expect(cataloger.wants(file), `${cataloger.name} should want ${imagePath}`).toBe(true);
  return cataloger.parse(file);
}

/** Compares packages on the fields given in `expected` (order-insensitive, by name@version). */
export function expectPackages(actual: readonly Package[], expected: ReadonlyArray<Partial<Package> & { name: string; version: string }>): void {
  const key = (p: { name: string; version: string }) => `${p.name}@${p.version}`;
  const byKey = new Map(actual.map((p) => [key(p), p]));
  expect([...byKey.keys()].sort()).toEqual(expected.map(key).sort());
  for (const want of expected) expect(byKey.get(key(want))).toMatchObject(want);
}
