import { describe, expect, it } from 'vitest';
import { POD, pod, request, review } from './admission-harness.js';
import { badReviewResponse, readReview } from './admission-review.js';

function problem(body: string | Buffer | undefined): { uid: string; message: string } {
  const read = readReview(body);
  if (read.ok) throw new Error('accepted');
  return read.bad;
}

describe('readReview', () => {
  it('reads an AdmissionReview v1', () => {
    const read = readReview(review(request(POD, pod([{ name: 'a', image: 'x' }]))));
    expect(read).toMatchObject({ ok: true, request: { uid: 'uid-1', operation: 'CREATE', kind: POD } });
  });

  it('names what is wrong with anything else, echoing the uid when it can be read', () => {
    expect(problem(undefined).message).toMatch(/body is empty/);
    expect(problem('   ').message).toMatch(/body is empty/);
    expect(problem('{"apiVersion":"admission.k8s.io/v1","kind":"Admission').message).toMatch(/not valid JSON .*was it cut short\?/);
    expect(problem('[1,2]').message).toMatch(/not an object/);
    expect(problem('null').message).toMatch(/not an object/);
    expect(problem(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'Pod', request: { uid: 'u-7' } }))).toEqual({ uid: 'u-7', message: 'kind is "Pod"; expected AdmissionReview' });
    expect(problem(JSON.stringify({ apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: { uid: 'u-8' } }))).toEqual({
      uid: 'u-8',
      message: 'apiVersion "admission.k8s.io/v1beta1" is not supported; Airlock speaks admission.k8s.io/v1 (set admissionReviewVersions: ["v1"])',
    });
    expect(problem(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' })).message).toBe('the AdmissionReview has no request');
    expect(problem(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u-9', kind: POD, operation: 'EXPLODE' } }))).toMatchObject({ uid: 'u-9', message: expect.stringMatching(/^request\.operation: /) });
    expect(problem(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 42, kind: POD, operation: 'CREATE' } }))).toMatchObject({ uid: '', message: expect.stringMatching(/^request\.uid: /) });
  });

  it('answers bad input with a well-formed refusal', () => {
    expect(badReviewResponse({ uid: 'u', message: 'm' })).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'u', allowed: false, status: { code: 400, reason: 'BadRequest', message: 'Airlock could not read the AdmissionReview: m' } },
    });
  });
});
