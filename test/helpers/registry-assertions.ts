/**
 * Assertions on registry responses: statuses with the body in the failure
 * message, and the distribution spec's error format
 * `{"errors":[{"code","message","detail"}]}`.
 */
import { expect } from 'vitest';
import { bodyOf } from './registry-client.js';

/** The error codes the distribution spec defines (plus the ones CNCF distribution adds). */
export const SPEC_ERROR_CODES = [
  'BLOB_UNKNOWN',
  'BLOB_UPLOAD_INVALID',
  'BLOB_UPLOAD_UNKNOWN',
  'DIGEST_INVALID',
  'MANIFEST_BLOB_UNKNOWN',
  'MANIFEST_INVALID',
  'MANIFEST_UNKNOWN',
  'MANIFEST_UNVERIFIED',
  'NAME_INVALID',
  'NAME_UNKNOWN',
  'SIZE_INVALID',
  'TAG_INVALID',
  'UNAUTHORIZED',
  'DENIED',
  'UNSUPPORTED',
  'TOOMANYREQUESTS',
] as const;

export interface RegistryErrorBody {
  errors: Array<{ code: string; message: string; detail?: unknown }>;
}

/** Asserts the status; on mismatch the response body is part of the message. @returns the body. */
export async function expectStatus(response: Response, status: number): Promise<Buffer> {
  const body = await bodyOf(response);
  expect(response.status, `${response.url} → ${response.status} ${body.toString('utf8').slice(0, 500)}`).toBe(status);
  return body;
}

/** Asserts a spec error response: status, JSON body, first error code. A HEAD response has no body to check. */
export async function expectRegistryError(response: Response, status: number, code: string, method = 'GET'): Promise<RegistryErrorBody | undefined> {
  const body = await expectStatus(response, status);
  if (method === 'HEAD') {
    expect(body.length).toBe(0);
    return undefined;
  }
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const parsed = JSON.parse(body.toString('utf8')) as RegistryErrorBody;
  expect(Array.isArray(parsed.errors) && parsed.errors.length > 0, body.toString('utf8')).toBe(true);
  expect(parsed.errors[0]?.code).toBe(code);
  expect(typeof parsed.errors[0]?.message).toBe('string');
  return parsed;
}

/** Asserts a JSON response with the given status and returns it parsed. */
export async function expectJson<T>(response: Response, status = 200): Promise<T> {
  const body = await expectStatus(response, status);
  return JSON.parse(body.toString('utf8')) as T;
}
