/** Each image rule through the validating decision, as a developer sees the answer. */
import { describe, expect, it } from 'vitest';
import { AIRLOCK, DIGEST_A, DIGEST_C, NOW, POD, loadedSet, pod, request, testSettings } from './admission-harness.js';
import type { AdmissionSettings } from './admission-settings.js';
import { IMAGE_RULES } from './image-rules.js';
import { StaticNamespaceLabels } from './namespace-labels.js';
import { podSecurityDefaults } from './pod-security-check.js';
import { validateRequest, type Decision } from './validate-request.js';

function validate(images: string[], settings: AdmissionSettings = testSettings()): Decision {
  const containers = images.map((image, index) => ({ name: `c${index}`, image }));
  return validateRequest(request(POD, pod(containers)), { settings, set: loadedSet(), namespaces: new StaticNamespaceLabels({}), podSecurity: podSecurityDefaults(settings.podSecurity), now: NOW });
}

function messages(decision: Decision): string[] {
  return decision.violations.map((violation) => `[${violation.rule}] ${violation.message}`);
}

describe('image rules', () => {
  it('are one list with unique ids', () => {
    expect(IMAGE_RULES.map((rule) => rule.id)).toEqual(['image-reference', 'image-registry', 'image-quarantine', 'image-latest', 'image-digest', 'image-approved']);
  });

  it('allow an approved image by tag or digest', () => {
    expect(validate([`${AIRLOCK}/acme/api:1.0`, `${AIRLOCK}/acme/api@${DIGEST_A}`]).response).toEqual({ uid: 'uid-1', allowed: true });
  });

  it('deny a rejected image naming the vulnerability, package and fix', () => {
    const decision = validate([`${AIRLOCK}/quarantine/acme/api:2.0`]);
    expect(decision.response.allowed).toBe(false);
    expect(messages(decision)).toEqual([
      `[image-quarantine] container c0: image ${AIRLOCK}/quarantine/acme/api:2.0 is a quarantine image, which never runs; run the approved ${AIRLOCK}/acme/api once the gate approves it`,
      `[image-approved] container c0: image ${AIRLOCK}/quarantine/acme/api:2.0 is not approved: rejected for CVE-2021-44906 (minimist 1.2.0, fixed in 1.2.6)`,
    ]);
    expect(decision.response.status).toMatchObject({ code: 403, reason: 'Forbidden', message: expect.stringContaining('CVE-2021-44906 (minimist 1.2.0, fixed in 1.2.6)') });
  });

  it('explain a tag that exists only in quarantine', () => {
    expect(messages(validate([`${AIRLOCK}/acme/api:2.0`]))).toEqual([`[image-approved] container c0: image ${AIRLOCK}/acme/api:2.0 is not approved: rejected for CVE-2021-44906 (minimist 1.2.0, fixed in 1.2.6)`]);
    expect(messages(validate([`${AIRLOCK}/acme/api:3.0`]))).toEqual([expect.stringContaining('is not approved yet: the gate is still scanning it')]);
  });

  it('deny a revoked image by tag and by digest', () => {
    for (const image of [`${AIRLOCK}/acme/api:0.9`, `${AIRLOCK}/acme/api@${DIGEST_C}`]) {
      expect(messages(validate([image]))).toEqual([`[image-approved] container c0: image ${image} is not approved: revoked for CVE-2023-23916 (curl 7.88.1-10+deb12u15, fixed in 7.88.1-10+deb12u16)`]);
    }
  });

  it('allow an at-risk image with a warning naming the revocation date', () => {
    const decision = validate([`${AIRLOCK}/acme/web:5`]);
    expect(decision.response.allowed).toBe(true);
    expect(decision.response.warnings).toEqual([`container c0: image ${AIRLOCK}/acme/web:5 is at risk: it will be revoked on 2025-06-08 unless fixed: CVE-2023-23916 (curl 7.88.1-10+deb12u15, fixed in 7.88.1-10+deb12u16)`]);
  });

  it('deny images Airlock does not know, saying where to push them', () => {
    expect(messages(validate([`${AIRLOCK}/acme/api:9`]))).toEqual([`[image-approved] container c0: image ${AIRLOCK}/acme/api:9 is not approved: Airlock has no image acme/api:9; push it to quarantine/acme/api:9 and wait for its verdict`]);
    expect(messages(validate([`${AIRLOCK}/mirror/docker.io/library/redis:7`]))).toEqual([expect.stringContaining('mirror/docker.io/library/redis:7 is not mirrored; add it to the mirror catalog')]);
    expect(messages(validate([`${AIRLOCK}/nginx`]))).toEqual([expect.stringContaining('is not in an approved repository')]);
  });

  it('deny other registries, pointing at the approved mirror when there is one', () => {
    expect(messages(validate(['grafana/grafana:10.4.1']))).toEqual([
      `[image-registry] container c0: image grafana/grafana:10.4.1 is not from an allowed registry (${AIRLOCK}); its approved mirror is ${AIRLOCK}/mirror/docker.io/grafana/grafana@sha256:${'e'.repeat(64)}`,
    ]);
    expect(messages(validate(['localhost:5000/a']))).toEqual([expect.stringContaining(`pull it through Airlock's mirror (${AIRLOCK}/mirror/localhost_5000/a)`)]);
    expect(messages(validate(['[::1]:5000/team/app:1']))).toEqual([expect.stringContaining('[image-registry] container c0: image [::1]:5000/team/app:1 is not from an allowed registry')]);
  });

  it('deny references that do not parse, with the reason', () => {
    expect(messages(validate(['Acme/API:1', `sha256:${'a'.repeat(64)}`, '']))).toEqual([
      '[image-reference] container c0: image "Acme/API:1" is not a valid image reference: repository names must be lowercase',
      `[image-reference] container c1: image "sha256:${'a'.repeat(64)}" is not a valid image reference: a digest alone is not an image reference: name the repository too, e.g. <registry>/<team>/<app>@sha256:…`,
      '[image-reference] container c2: image "" is not a valid image reference: no image is given',
    ]);
  });

  it('deny latest, and tags without digest, when configured', () => {
    const settings = testSettings({ images: { denyLatest: true, denyTagWithoutDigest: true } });
    expect(messages(validate([`${AIRLOCK}/acme/web`], settings))).toEqual([
      `[image-latest] container c0: image ${AIRLOCK}/acme/web has no tag, which means latest; name a version or a digest`,
      `[image-digest] container c0: image ${AIRLOCK}/acme/web names no digest; pin it: ${AIRLOCK}/acme/web@sha256:${'f'.repeat(64)}`,
    ]);
    expect(validate([`${AIRLOCK}/acme/api@${DIGEST_A}`], settings).response.allowed).toBe(true);
  });

  it('allow quarantine images that are approved when denyQuarantine is off', () => {
    expect(validate([`${AIRLOCK}/quarantine/acme/api:1.0`], testSettings({ images: { denyQuarantine: false } })).response.allowed).toBe(true);
  });

  it('treat every configured registry as Airlock', () => {
    const settings = testSettings({ registries: ['airlock.internal:5050', AIRLOCK] });
    expect(validate(['airlock.internal:5050/acme/api:1.0', `${AIRLOCK}/acme/api:1.0`], settings).response.allowed).toBe(true);
  });
});
