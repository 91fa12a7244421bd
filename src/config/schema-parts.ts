/** zod pieces both configuration documents (airlock.yaml, admission.yaml) use. */
import { z } from 'zod';
import { DURATION_HELP, parseDuration } from './duration.js';

/** `90s`, `15m`, `24h`, … → milliseconds. */
export const duration = z.string().transform((text, context) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    context.addIssue({ code: 'custom', message: `expected ${DURATION_HELP}, got "${text}"` });
    return z.NEVER;
  }
  return ms;
});

/** `host:port` to listen on; `example` completes the error message (e.g. `0.0.0.0:8443`). */
export function listenAddress(example: string) {
  return z.string().refine((value) => /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(value) && Number(value.split(':').pop()) <= 65535, {
    message: `expected host:port, e.g. ${example}`,
  });
}
