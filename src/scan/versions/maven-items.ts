/**
 * The items of a Maven version and their order: ComparableVersion's IntItem /
 * LongItem / BigIntegerItem (one number item here, as they order by value),
 * StringItem, CombinationItem and ListItem, with each compareTo() transcribed;
 * `undefined` plays Java's null, the padding a shorter list is compared with.
 * maven.ts parses versions into these.
 */
import { compareNumericStrings, compareStrings, isAsciiDigit, stripLeadingZeros } from './numeric-string.js';

export type Item = NumberItem | StringItem | CombinationItem | ListItem;
interface NumberItem {
  kind: 'number';
  /** Digits without leading zeros (IntItem, LongItem and BigIntegerItem alike: they order by value). */
  digits: string;
}
interface StringItem {
  kind: 'string';
  value: string;
}
interface CombinationItem {
  kind: 'combination';
  stringPart: StringItem;
  digitPart: Item;
}
export interface ListItem {
  kind: 'list';
  items: Item[];
}

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const RELEASE_QUALIFIERS = ['ga', 'final', 'release'];
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

function stringItem(raw: string, followedByDigit: boolean): StringItem {
  // a1 = alpha-1, b1 = beta-1, m1 = milestone-1
  const short: Readonly<Record<string, string>> = { a: 'alpha', b: 'beta', m: 'milestone' };
  const value = followedByDigit && raw.length === 1 ? (short[raw] ?? raw) : raw;
  return { kind: 'string', value: value === 'cr' ? 'rc' : value };
}

/** comparableQualifier(): known qualifiers by rank, unknown ones after all of them, alphabetically. */
function comparableQualifier(qualifier: string): string {
  if (RELEASE_QUALIFIERS.includes(qualifier)) return RELEASE_INDEX;
  const i = QUALIFIERS.indexOf(qualifier);
  return i === -1 ? `${QUALIFIERS.length}-${qualifier}` : String(i);
}

function isNull(item: Item): boolean {
  if (item.kind === 'number') return item.digits === '0';
  if (item.kind === 'string') return item.value === '';
  if (item.kind === 'list') return item.items.length === 0;
  return false;
}

/** Item.compareTo(other), where `undefined` stands for Java's null: the padding a shorter version gets. */
export function compareItem(a: Item, b: Item | undefined): number {
  switch (a.kind) {
    case 'number':
      return compareNumber(a, b);
    case 'string':
      return compareString(a, b);
    case 'combination':
      return compareCombination(a, b);
    case 'list':
      return compareList(a, b);
  }
}

function compareNumber(a: NumberItem, b: Item | undefined): number {
  if (b === undefined) return a.digits === '0' ? 0 : 1; // 1.0 == 1, 1.1 > 1
  if (b.kind === 'number') return Math.sign(compareNumericStrings(a.digits, b.digits));
  return 1; // 1.1 > 1-sp, 1.1 > 1-1
}

function compareString(a: StringItem, b: Item | undefined): number {
  if (b === undefined) return compareStrings(comparableQualifier(a.value), RELEASE_INDEX); // 1-rc < 1, 1-sp > 1
  switch (b.kind) {
    case 'number':
      return -1;
    case 'string':
      return compareStrings(comparableQualifier(a.value), comparableQualifier(b.value));
    case 'combination': {
      const result = compareString(a, b.stringPart);
      if (result !== 0) return result;
      return compareString(a, undefined) === 0 ? -compareItem(b.digitPart, undefined) : -1;
    }
    case 'list':
      return -compareList(b, a);
  }
}

function compareCombination(a: CombinationItem, b: Item | undefined): number {
  if (b === undefined) {
    // 1-rc1 < 1; with a release qualifier the number decides: 1-ga1 > 1 (keeps compareTo transitive).
    return compareString(a.stringPart, undefined) || compareItem(a.digitPart, undefined);
  }
  switch (b.kind) {
    case 'number':
      return -1;
    case 'string': {
      const result = compareString(a.stringPart, b);
      if (result !== 0) return result;
      return compareString(a.stringPart, undefined) === 0 ? compareItem(a.digitPart, undefined) : 1; // X1 > X
    }
    case 'list':
      return -compareList(b, a);
    case 'combination':
      return compareString(a.stringPart, b.stringPart) || compareItem(a.digitPart, b.digitPart);
  }
}

function compareList(a: ListItem, b: Item | undefined): number {
  if (b === undefined) {
    // The whole list against padding, not just its first item (MNG-6964).
    for (const item of a.items) {
      const result = compareItem(item, undefined);
      if (result !== 0) return result;
    }
    return 0;
  }
  switch (b.kind) {
    case 'number':
      return -1; // 1-1 < 1.0.x
    case 'string':
    case 'combination': {
      const [first, ...rest] = a.items;
      let result = first === undefined ? -compareItem(b, undefined) : compareItem(first, b);
      for (const item of rest) {
        if (result !== 0) break;
        result = compareItem(item, undefined);
      }
      return result;
    }
    case 'list':
      return compareLists(a.items, b.items);
  }
}

function compareLists(left: readonly Item[], right: readonly Item[]): number {
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i];
    const r = right[i];
    const result = l === undefined ? (r === undefined ? 0 : -compareItem(r, undefined)) : compareItem(l, r);
    if (result !== 0) return result;
  }
  return 0;
}

/** ListItem.normalize(): drops null items (zeros, empty qualifiers) that end a list or precede a qualifier. */
export function normalize(list: ListItem): void {
  const items = list.items;
  for (let i = items.length - 1; i >= 0; i--) {
    if (!isNull(items[i]!)) continue;
    const next = items[i + 1];
    if (next === undefined || next.kind === 'string') items.splice(i, 1);
    else if (next.kind === 'list' && (next.items[0]?.kind === 'combination' || next.items[0]?.kind === 'string')) items.splice(i, 1);
  }
  // Removing a zero prefix must not leave an extra nesting level.
  const only = items[0];
  if (items.length === 1 && only?.kind === 'list') list.items = only.items;
}

export function parseItem(isCombination: boolean, isDigit: boolean, buf: string): Item {
  if (isCombination) return combinationItem(buf.replaceAll('-', ''));
  if (isDigit) return { kind: 'number', digits: stripLeadingZeros(buf || '0') };
  return stringItem(buf, false);
}

function combinationItem(value: string): CombinationItem {
  const index = Math.max(0, [...value].findIndex((c) => isAsciiDigit(c)));
  return { kind: 'combination', stringPart: stringItem(value.slice(0, index), true), digitPart: parseItem(false, true, value.slice(index)) };
}

/** ComparableVersion.equals(): the same items, not merely the same order (`1-ga` orders like `1` but is not equal). */
export function itemsEqual(a: Item, b: Item): boolean {
  switch (a.kind) {
    case 'number':
      return b.kind === 'number' && a.digits === b.digits;
    case 'string':
      return b.kind === 'string' && a.value === b.value;
    case 'combination':
      return b.kind === 'combination' && itemsEqual(a.stringPart, b.stringPart) && itemsEqual(a.digitPart, b.digitPart);
    case 'list':
      return b.kind === 'list' && a.items.length === b.items.length && a.items.every((item, i) => itemsEqual(item, b.items[i]!));
  }
}

/** toString() of the items: the canonical form (`1.0-ALPHA-1` → `1-alpha-1`). */
export function itemString(item: Item): string {
  switch (item.kind) {
    case 'number':
      return item.digits;
    case 'string':
      return item.value;
    case 'combination':
      return item.stringPart.value + itemString(item.digitPart);
    case 'list':
      return item.items.map((child, i) => (i === 0 ? '' : child.kind === 'list' ? '-' : '.') + itemString(child)).join('');
  }
}
