/**
 * ComparableVersion as it was in Maven 3.8 (before CombinationItem and the
 * ".X is -X" rule), transcribed only as evidence for maven.test.ts: the
 * osv-detector Maven lists were generated with it in March 2022, and where they
 * disagree with today's ComparableVersionTest this reproduces their answer.
 * Test-only: excluded from the build; not an ordering Airlock uses.
 */
import { compareNumericStrings, compareStrings, stripLeadingZeros } from './numeric-string.js';

type Item38 = { kind: 'number'; digits: string } | { kind: 'string'; value: string } | { kind: 'list'; items: Item38[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Readonly<Record<string, string>> = { ga: '', final: '', release: '', cr: 'rc' };
const SHORT: Readonly<Record<string, string>> = { a: 'alpha', b: 'beta', m: 'milestone' };

const qualifier = (q: string) => (QUALIFIERS.includes(q) ? String(QUALIFIERS.indexOf(q)) : `${QUALIFIERS.length}-${q}`);
const isNull = (item: Item38) => (item.kind === 'number' ? item.digits === '0' : item.kind === 'string' ? item.value === '' : item.items.length === 0);

function stringItem(raw: string, followedByDigit: boolean): Item38 {
  const value = followedByDigit && raw.length === 1 ? (SHORT[raw] ?? raw) : raw;
  return { kind: 'string', value: ALIASES[value] ?? value };
}

function compare38(a: Item38, b: Item38 | undefined): number {
  if (a.kind === 'number') {
    if (b === undefined) return a.digits === '0' ? 0 : 1;
    return b.kind === 'number' ? Math.sign(compareNumericStrings(a.digits, b.digits)) : 1;
  }
  if (a.kind === 'string') {
    if (b === undefined) return compareStrings(qualifier(a.value), qualifier(''));
    return b.kind === 'string' ? compareStrings(qualifier(a.value), qualifier(b.value)) : -1;
  }
  if (b === undefined) return a.items.map((item) => compare38(item, undefined)).find((r) => r !== 0) ?? 0;
  if (b.kind !== 'list') return b.kind === 'number' ? -1 : 1;
  for (let i = 0; i < Math.max(a.items.length, b.items.length); i++) {
    const l = a.items[i];
    const r = b.items[i];
    const result = l === undefined ? (r === undefined ? 0 : -compare38(r, undefined)) : compare38(l, r);
    if (result !== 0) return result;
  }
  return 0;
}

function parse38(input: string): Item38 {
  const version = input.toLowerCase();
  const root: Item38 & { kind: 'list' } = { kind: 'list', items: [] };
  const stack = [root];
  let list = root;
  let isDigit = false;
  let start = 0;
  const open = () => {
    const next: Item38 & { kind: 'list' } = { kind: 'list', items: [] };
    list.items.push(next);
    list = next;
    stack.push(next);
  };
  const item = (digits: boolean, text: string): Item38 => (digits ? { kind: 'number', digits: stripLeadingZeros(text) } : stringItem(text, false));
  for (let i = 0; i < version.length; i++) {
    const c = version[i]!;
    if (c === '.' || c === '-') {
      list.items.push(i === start ? { kind: 'number', digits: '0' } : item(isDigit, version.slice(start, i)));
      start = i + 1;
      if (c === '-') open();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        list.items.push(stringItem(version.slice(start, i), true));
        start = i;
        open();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(item(true, version.slice(start, i)));
        start = i;
        open();
      }
      isDigit = false;
    }
  }
  if (version.length > start) list.items.push(item(isDigit, version.slice(start)));
  // normalize(): drop trailing nulls, looking through (but not past) nested lists
  for (const l of stack.reverse()) {
    for (let i = l.items.length - 1; i >= 0 && (isNull(l.items[i]!) || l.items[i]!.kind === 'list'); i--) {
      if (isNull(l.items[i]!)) l.items.splice(i, 1);
    }
  }
  return root;
}

/** Maven 3.8's ComparableVersion.compareTo(), as -1, 0 or 1. */
export function compareMaven38(a: string, b: string): number {
  return compare38(parse38(a), parse38(b));
}
