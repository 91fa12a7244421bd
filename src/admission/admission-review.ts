/**
 * AdmissionReview (admission.k8s.io/v1) in and out. Reading never throws:
 * whatever arrives — empty, not JSON, cut short, another API version, a
 * request without uid — becomes a `BadReview` with a message, and the uid when
 * it could be read, so the answer is always a well-formed AdmissionReview.
 * Only the envelope is validated with zod; `object` is looked at by the checks
 * that need it (it may be several megabytes, and deep validation is theirs).
 */
import { z } from 'zod';

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

const requestSchema = z.looseObject({
  uid: z.string().min(1, 'request.uid is empty'),
  kind: z.looseObject({ group: z.string(), version: z.string(), kind: z.string().min(1) }),
  subResource: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  operation: z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']),
  userInfo: z.looseObject({ username: z.string().optional() }).optional(),
  object: z.unknown().optional(),
  oldObject: z.unknown().optional(),
  dryRun: z.boolean().optional(),
});

export type AdmissionRequest = z.infer<typeof requestSchema>;

export interface BadReview {
  /** The request's uid when it could be read ('' otherwise). */
  uid: string;
  message: string;
}

export type ReadReview = { ok: true; request: AdmissionRequest } | { ok: false; bad: BadReview };

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code: number; reason?: string; message: string };
  patchType?: 'JSONPatch';
  /** base64 of the JSON Patch. */
  patch?: string;
  warnings?: string[];
  auditAnnotations?: Record<string, string>;
}

export interface AdmissionReviewResponse {
  apiVersion: typeof ADMISSION_API_VERSION;
  kind: 'AdmissionReview';
  response: AdmissionResponse;
}

export function readReview(body: Buffer | string | undefined): ReadReview {
  const text = body === undefined ? '' : body.toString();
  if (text.trim().length === 0) return bad('', 'the request body is empty; expected an AdmissionReview (admission.k8s.io/v1) as JSON');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return bad('', `the request body is not valid JSON (${(error as Error).message}); was it cut short?`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('', 'the request body is JSON but not an object; expected an AdmissionReview');
  const review = value as Record<string, unknown>;
  const uid = uidOf(review.request);
  if (review.kind !== 'AdmissionReview') return bad(uid, `kind is ${JSON.stringify(review.kind ?? null)}; expected AdmissionReview`);
  if (review.apiVersion !== ADMISSION_API_VERSION) {
    return bad(uid, `apiVersion ${JSON.stringify(review.apiVersion ?? null)} is not supported; Airlock speaks ${ADMISSION_API_VERSION} (set admissionReviewVersions: ["v1"])`);
  }
  if (review.request === undefined) return bad(uid, 'the AdmissionReview has no request');
  const parsed = requestSchema.safeParse(review.request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return bad(uid, `request.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return { ok: true, request: parsed.data };
}

export function reviewResponse(response: AdmissionResponse): AdmissionReviewResponse {
  return { apiVersion: ADMISSION_API_VERSION, kind: 'AdmissionReview', response };
}

/** The answer to input that is not an AdmissionReview we can judge: refused, with the reason as a 400 status. */
export function badReviewResponse(review: BadReview): AdmissionReviewResponse {
  return reviewResponse({ uid: review.uid, allowed: false, status: { code: 400, reason: 'BadRequest', message: `Airlock could not read the AdmissionReview: ${review.message}` } });
}

function bad(uid: string, message: string): ReadReview {
  return { ok: false, bad: { uid, message } };
}

function uidOf(request: unknown): string {
  const uid = typeof request === 'object' && request !== null ? (request as { uid?: unknown }).uid : undefined;
  return typeof uid === 'string' && uid.length <= 256 ? uid : '';
}
