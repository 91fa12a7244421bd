/**
 * Canonical JSON (RFC 8785, JCS): object keys sorted by UTF-16 code units, no
 * whitespace, strings and numbers serialised as ECMAScript's JSON.stringify does
 * (which is what JCS specifies). The same value always gives the same bytes, so
 * it can be hashed. Values JSON cannot carry exactly are refused rather than
 * silently changed: NaN, ±Infinity, lone surrogates, bigint, Date, class
 * instances, undefined array items. Object properties whose value is undefined
 * are left out, as JSON.stringify does.
 */
import { AuditError } from './errors.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Deep enough for any real details object; stops cycles too. */
const MAX_DEPTH = 64;
const LONE_SURROGATE = /\p{Cs}/u;

export function canonicalJson(value: unknown): string {
  return serialise(value, '$', 0);
}

function serialise(value: unknown, path: string, depth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw notJson(path, `${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'string':
      if (LONE_SURROGATE.test(value)) throw notJson(path, 'the string holds a lone UTF-16 surrogate');
      return JSON.stringify(value);
    case 'object':
      if (depth >= MAX_DEPTH) throw notJson(path, `nested deeper than ${MAX_DEPTH} levels (or a cycle)`);
      if (Array.isArray(value)) return serialiseArray(value, path, depth);
      if (!isPlainObject(value)) throw notJson(path, `a ${value.constructor?.name ?? 'non-plain'} object is not a JSON value`);
      return serialiseObject(value, path, depth);
    default:
      throw notJson(path, `a ${typeof value} is not a JSON value`);
  }
}

function serialiseArray(items: unknown[], path: string, depth: number): string {
  const parts: string[] = [];
  for (let i = 0; i < items.length; i += 1) {
    const item: unknown = items[i];
    if (item === undefined) throw notJson(`${path}[${i}]`, 'undefined is not a JSON value');
    parts.push(serialise(item, `${path}[${i}]`, depth + 1));
  }
  return `[${parts.join(',')}]`;
}

function serialiseObject(object: object, path: string, depth: number): string {
  // Default sort compares UTF-16 code units, exactly the order RFC 8785 §3.2.3 asks for.
  const keys = Object.keys(object).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const item: unknown = (object as Record<string, unknown>)[key];
    if (item === undefined) continue;
    const at = `${path}.${key}`;
    if (LONE_SURROGATE.test(key)) throw notJson(at, 'the key holds a lone UTF-16 surrogate');
    parts.push(`${JSON.stringify(key)}:${serialise(item, at, depth + 1)}`);
  }
  return `{${parts.join(',')}}`;
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function notJson(path: string, why: string): AuditError {
  return new AuditError('INVALID_ENTRY', `${path}: ${why}`);
}
