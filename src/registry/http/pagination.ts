/** `n`/`last` pagination of sorted name lists, with the RFC 8288 `Link` header (distribution spec "Listing Tags"). */
import { RegistryError } from '../errors.js';

export interface Page {
  items: string[];
  /** Value for the Link header when more items follow. */
  next?: string;
}

export function paginate(sorted: readonly string[], query: { n?: string; last?: string }, basePath: string): Page {
  let start = 0;
  if (query.last !== undefined) {
    const index = sorted.findIndex((item) => item > (query.last as string));
    start = index < 0 ? sorted.length : index;
  }
  if (query.n === undefined || query.n === '') return { items: sorted.slice(start) };
  if (!/^\d+$/.test(query.n)) throw new RegistryError('PAGINATION_NUMBER_INVALID', `n must be a non-negative integer, not "${query.n.slice(0, 20)}"`);
  const n = Number(query.n);
  const items = sorted.slice(start, start + n);
  const last = items[items.length - 1];
  const more = n > 0 && start + n < sorted.length && last !== undefined;
  return more ? { items, next: `<${basePath}?n=${n}&last=${encodeURIComponent(last)}>; rel="next"` } : { items };
}
