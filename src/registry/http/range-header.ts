/**
 * Range headers: `Range: bytes=…` on blob reads (RFC 9110 §14, a single range),
 * and `Content-Range: <start>-<end>` on chunked uploads (distribution spec:
 * inclusive, no unit prefix; a `bytes ` prefix is tolerated).
 */
import { RegistryError } from '../errors.js';

export type ReadRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/** @returns undefined when the whole blob should be sent (no header, or a form we do not serve partially). */
export function parseReadRange(header: string | undefined, size: number): ReadRange {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (start > end || start >= size) return 'unsatisfiable';
  return { start, end: Math.min(end, size - 1) };
}

export function parseContentRange(header: string | undefined): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:bytes )?(\d+)-(\d+)(?:\/(?:\d+|\*))?$/.exec(header.trim());
  if (!match) throw new RegistryError('BLOB_UPLOAD_INVALID', `Content-Range "${header.slice(0, 60)}" is not <start>-<end>`, { status: 416 });
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (end < start) throw new RegistryError('BLOB_UPLOAD_INVALID', `Content-Range end ${end} is before its start ${start}`, { status: 416 });
  return { start, end };
}

/** The `Range` header of upload responses: the inclusive range received so far. */
export function uploadedRange(size: number): string {
  return `0-${Math.max(0, size - 1)}`;
}
