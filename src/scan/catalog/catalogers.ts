/**
 * Every cataloger Airlock runs, in one explicit list (no self-registration).
 * Adding an ecosystem: a folder under catalog/, a line here, fixtures, and a
 * comparator in versions/comparators.ts (docs/adding-an-ecosystem.md).
 */
import { osReleaseCataloger } from '../os/index.js';
import { apkCataloger } from './apk/index.js';
import type { Cataloger } from './cataloger.js';
import { dotnetCatalogers } from './dotnet/index.js';
import { dpkgCataloger, dpkgFilesCataloger } from './dpkg/index.js';
import { goBinaryCataloger } from './go/index.js';
import { javaArchiveCataloger } from './java/index.js';
import { npmCatalogers } from './npm/index.js';
import { phpCatalogers } from './php/index.js';
import { pythonCatalogers } from './python/index.js';
import { rpmCataloger } from './rpm/index.js';
import { rubyCatalogers } from './ruby/index.js';
import { rustBinaryCataloger } from './rust-binary/index.js';
import { rustCatalogers } from './rust/index.js';

export const catalogers: readonly Cataloger[] = uniqueByName([
  osReleaseCataloger,
  dpkgCataloger,
  dpkgFilesCataloger,
  apkCataloger,
  rpmCataloger,
  ...npmCatalogers,
  ...pythonCatalogers,
  ...rubyCatalogers,
  ...phpCatalogers,
  ...dotnetCatalogers,
  ...rustCatalogers,
  goBinaryCataloger,
  rustBinaryCataloger,
  javaArchiveCataloger,
]);

function uniqueByName(list: readonly Cataloger[]): readonly Cataloger[] {
  const seen = new Set<string>();
  for (const cataloger of list) {
    if (seen.has(cataloger.name)) throw new Error(`two catalogers are named ${cataloger.name}`);
    seen.add(cataloger.name);
  }
  return Object.freeze([...list]);
}
