/**
 * Maven versions, ordered as org.apache.maven.artifact.versioning.ComparableVersion
 * (maven-artifact in Maven 4, with CombinationItem): the string is cut into
 * items at `.`, `-` and digit/letter transitions; `-` and transitions open a
 * nested list. Numbers compare numerically; qualifiers as alpha < beta <
 * milestone < rc = cr < snapshot < "" = ga = final = release < sp < anything
 * else (alphabetically, case-insensitive); a letter run joined to digits
 * (`alpha1`, `rc-2`) is one combination item; zeros and empty qualifiers that
 * end a list are dropped ("padding": 1 = 1.0 = 1-0 = 1.0.0).
 * See https://maven.apache.org/pom.html#version-order-specification.
 */
import type { VersionComparator } from './comparator.js';
import { compareItem, itemString, itemsEqual, normalize, parseItem, type ListItem } from './maven-items.js';

/** Maven refuses longer version strings: each `-` nests a list, so length bounds the work. */
const MAX_VERSION_LENGTH = 256;

/** The state of ComparableVersion.parseVersion() while it walks the string. */
interface Parser {
  readonly version: string;
  /** The list items are added to, and every list opened so far (normalised innermost first at the end). */
  list: ListItem;
  readonly stack: ListItem[];
  isDigit: boolean;
  isCombination: boolean;
  startIndex: number;
}

const isDigitChar = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

function openList(p: Parser): void {
  const list: ListItem = { kind: 'list', items: [] };
  p.list.items.push(list);
  p.list = list;
  p.stack.push(list);
}

function addItem(p: Parser, end: number, isDigit = p.isDigit): void {
  p.list.items.push(parseItem(p.isCombination, isDigit, p.version.slice(p.startIndex, end)));
}

function onDot(p: Parser, i: number): void {
  if (i === p.startIndex) p.list.items.push({ kind: 'number', digits: '0' });
  else addItem(p, i);
  p.isCombination = false;
  p.startIndex = i + 1;
}

/** Returns false when the hyphen is swallowed: `X-1` is read as `X1`, a combination. */
function onHyphen(p: Parser, i: number): boolean {
  if (i === p.startIndex) p.list.items.push({ kind: 'number', digits: '0' });
  else {
    if (!p.isDigit && i !== p.version.length - 1 && isDigitChar(p.version[i + 1])) {
      p.isCombination = true;
      return false;
    }
    addItem(p, i);
  }
  p.startIndex = i + 1;
  if (p.list.items.length > 0) openList(p);
  p.isCombination = false;
  return true;
}

function onDigit(p: Parser, i: number): void {
  if (!p.isDigit && i > p.startIndex) {
    // X1: letters followed by digits
    p.isCombination = true;
    if (p.list.items.length > 0) openList(p);
  }
  p.isDigit = true;
}

function onOther(p: Parser, i: number): void {
  if (p.isDigit && i > p.startIndex) {
    addItem(p, i, true);
    p.startIndex = i;
    openList(p);
    p.isCombination = false;
  }
  p.isDigit = false;
}

/** ComparableVersion.parseVersion(), without the length limit (isValid reports that). */
function parseMavenVersion(input: string): ListItem {
  const items: ListItem = { kind: 'list', items: [] };
  const p: Parser = { version: input.toLowerCase(), list: items, stack: [items], isDigit: false, isCombination: false, startIndex: 0 };
  for (let i = 0; i < p.version.length; i++) {
    const c = p.version[i];
    if (c === '.') onDot(p, i);
    else if (c === '-') onHyphen(p, i);
    else if (isDigitChar(c)) onDigit(p, i);
    else onOther(p, i);
  }
  if (p.version.length > p.startIndex) {
    // 1.0.0.X1 < 1.0.0-X2: treat .X as -X for any string qualifier X
    if (!p.isDigit && p.list.items.length > 0) openList(p);
    addItem(p, p.version.length);
  }
  for (const list of p.stack.reverse()) normalize(list);
  return items;
}

/** ComparableVersion.getCanonical(). */
export function canonicalMavenVersion(version: string): string {
  return itemString(parseMavenVersion(version));
}

/** ComparableVersion.equals(): same items, which is stricter than comparing equal (`1-ga` == `1` in order only). */
export function mavenVersionsEqual(a: string, b: string): boolean {
  return itemsEqual(parseMavenVersion(a), parseMavenVersion(b));
}

function compareMaven(a: string, b: string): number {
  return compareItem(parseMavenVersion(a), parseMavenVersion(b));
}

/** ComparableVersion accepts any string up to its length limit; empty and blank-containing ones are refused here as not versions. */
export const mavenComparator: VersionComparator = {
  ecosystems: ['Maven'],
  compare: compareMaven,
  isValid: (version) => version !== '' && version.length <= MAX_VERSION_LENGTH && !/\s/.test(version),
};
