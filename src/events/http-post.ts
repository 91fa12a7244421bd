/**
 * One webhook request: POST with a time limit covering connect, headers and
 * body. Redirects are not followed (a 3xx is a failed attempt), so a
 * subscription cannot be bounced to another host after it was validated.
 */
import type { Timers } from './worker-options.js';

export interface PostResult {
  /** HTTP status, when a response arrived. */
  status: number | null;
  /** Why the attempt failed; null on a 2xx. */
  error: string | null;
}

export interface PostRequest {
  url: string;
  body: Buffer;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Aborted when the worker is stopping and cannot wait any longer. */
  signal: AbortSignal;
  timers: Timers;
}

const ERROR_BODY_LIMIT = 512;

export async function postWebhook(request: PostRequest): Promise<PostResult> {
  const controller = new AbortController();
  const onStop = (): void => controller.abort(request.signal.reason);
  request.signal.addEventListener('abort', onStop, { once: true });
  let timedOut = false;
  const timer = request.timers.setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, request.timeoutMs);
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      body: request.body,
      headers: request.headers,
      redirect: 'manual',
      signal: controller.signal,
    });
    const ok = response.status >= 200 && response.status < 300;
    const snippet = ok ? '' : await readSnippet(response);
    if (ok) await response.body?.cancel();
    return { status: response.status, error: ok ? null : `HTTP ${response.status}${snippet ? `: ${snippet}` : ''}` };
  } catch (error) {
    if (timedOut) return { status: null, error: `timed out after ${request.timeoutMs} ms` };
    if (request.signal.aborted) return { status: null, error: 'aborted: the worker stopped' };
    return { status: null, error: describeNetworkError(error) };
  } finally {
    request.timers.clearTimeout(timer);
    request.signal.removeEventListener('abort', onStop);
  }
}

/** The start of an error response, for the delivery log; never the whole body. */
async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < ERROR_BODY_LIMIT) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel();
  return Buffer.concat(chunks).subarray(0, ERROR_BODY_LIMIT).toString('utf8').replace(/\s+/g, ' ').trim();
}

/** undici reports `fetch failed` with the socket error as `cause`; the cause is what an operator needs. */
function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause;
    if (cause instanceof Error) return `${error.message}: ${cause.message}`;
    return error.message;
  }
  return String(error);
}
