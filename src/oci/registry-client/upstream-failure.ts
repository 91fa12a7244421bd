/**
 * Turns a registry's final non-2xx answer into a RegistryClientError whose
 * message names the host, the repository and what was asked for, and quotes
 * the registry's own error code (distribution spec "Error Codes") when it sent one.
 */
import { RegistryClientError } from './registry-client-error.js';

export interface FailureContext {
  host: string;
  repository: string;
  /** `manifest library/debian:12`, `tags of library/debian`, … */
  what: string;
  /** What Retry-After asked for, in ms, if anything. */
  retryAfterMs?: number;
}

const MAX_ERROR_BODY = 4096;

export async function upstreamFailure(response: Response, context: FailureContext): Promise<RegistryClientError> {
  const { host, repository, what } = context;
  const status = response.status;
  const said = await registryErrorSummary(response);
  const detail = { host, repository, status };
  if (status === 401 || status === 403) {
    return new RegistryClientError('UPSTREAM_UNAUTHORIZED', `${host} denied ${what} (${status}${said}); check the credentials for ${host} and that they may pull ${repository}`, { detail });
  }
  if (status === 404) {
    return new RegistryClientError('UPSTREAM_NOT_FOUND', `${host} has no ${what} (404${said}); check the repository name and reference`, { detail });
  }
  if (status === 429) {
    const retryAt = context.retryAfterMs !== undefined ? new Date(Date.now() + context.retryAfterMs).toISOString() : undefined;
    const when = retryAt ? `retry after ${retryAt}` : 'try again later';
    return new RegistryClientError('UPSTREAM_RATE_LIMITED', `${host} is rate limiting ${what} (429${said}); ${when}`, { detail: { ...detail, ...(retryAt ? { retryAt } : {}) } });
  }
  return new RegistryClientError('UPSTREAM_UNREACHABLE', `${host} answered ${status} for ${what}${said ? ` (${said.slice(2)})` : ''}`, { detail });
}

/** `: NAME_UNKNOWN repository name not known to registry` from the distribution error body, or ''. */
async function registryErrorSummary(response: Response): Promise<string> {
  if (!response.body) return '';
  try {
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    while (size < MAX_ERROR_BODY) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
    await reader.cancel();
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { errors?: Array<{ code?: unknown; message?: unknown }> };
    const first = body.errors?.[0];
    const text = [first?.code, first?.message].filter((part): part is string => typeof part === 'string').join(' ');
    return text ? `: ${text.replace(/[\r\n]+/g, ' ').slice(0, 200)}` : '';
  } catch {
    // Not the distribution error format (HTML from a proxy, truncated JSON): the status says enough.
    return '';
  }
}
