/** Query-string values shared by the list routes: points in time and page sizes. */
import { z } from 'zod';

/** An ISO 8601 date or date-time (`2026-01-31`, `2026-01-31T12:00:00Z`) or epoch milliseconds, as epoch milliseconds. */
export const timeParam = z.string().transform((text, ctx) => {
  const time = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (Number.isSafeInteger(time) && time >= 0) return time;
  ctx.addIssue({ code: 'custom', message: 'expected an ISO 8601 date such as 2026-01-31T12:00:00Z, or epoch milliseconds' });
  return z.NEVER;
});

export function limitParam(max: number, defaultLimit: number) {
  return z.coerce.number().int().min(1).max(max).default(defaultLimit);
}
