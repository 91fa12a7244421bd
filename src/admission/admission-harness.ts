/** Builders shared by the admission unit tests: settings, cached images, pods, workloads and AdmissionReviews. */
import { admissionPolicySchema, type ConfigInput } from '../config/index.js';
import type { AdmissionRequest } from './admission-review.js';
import { admissionSettings, type AdmissionSettings } from './admission-settings.js';
import { ApprovedSet } from './approved-set.js';
import type { FeedImage } from './feed-page.js';

export const AIRLOCK = 'airlock.example.com';
export const DIGEST_A = `sha256:${'a'.repeat(64)}`;
export const DIGEST_B = `sha256:${'b'.repeat(64)}`;
export const DIGEST_C = `sha256:${'c'.repeat(64)}`;
export const DIGEST_D = `sha256:${'d'.repeat(64)}`;
export const NOW = Date.parse('2025-06-01T12:00:00Z');

type PolicyInput = NonNullable<ConfigInput['admission']>;

export function testSettings(input: Omit<PolicyInput, 'enabled' | 'registryHost' | 'sync'> = {}): AdmissionSettings {
  return admissionSettings(admissionPolicySchema.parse(input), AIRLOCK);
}

export function feedImage(image: Partial<FeedImage> & Pick<FeedImage, 'repository' | 'digest' | 'state'>): FeedImage {
  return { quarantineRepository: `quarantine/${image.repository}`, tags: [], quarantineTags: [], reasons: [], ...image };
}

/** acme/api: 1.0 approved (A), 2.0 rejected for minimist (B), 0.9 revoked (C), 3.0 still scanning (D); a mirrored grafana. */
export function sampleImages(): FeedImage[] {
  const minimist = { rule: 'no-critical', message: 'critical vulnerability', vulnerability: 'CVE-2021-44906', package: 'minimist', installedVersion: '1.2.0', fixedVersion: '1.2.6', severity: 'critical' };
  const curl = { rule: 'no-critical', message: 'critical vulnerability', vulnerability: 'CVE-2023-23916', package: 'curl', installedVersion: '7.88.1-10+deb12u15', fixedVersion: '7.88.1-10+deb12u16' };
  return [
    feedImage({ repository: 'acme/api', digest: DIGEST_A, state: 'approved', tags: ['1.0'], quarantineTags: ['1.0'] }),
    feedImage({ repository: 'acme/api', digest: DIGEST_B, state: 'rejected', quarantineTags: ['2.0'], reasons: [minimist, { ...minimist, rule: 'no-fixable-high' }] }),
    feedImage({ repository: 'acme/api', digest: DIGEST_C, state: 'revoked', tags: ['0.9'], quarantineTags: ['0.9'], reasons: [curl] }),
    feedImage({ repository: 'acme/api', digest: DIGEST_D, state: 'scanning', quarantineTags: ['3.0'] }),
    feedImage({ repository: 'mirror/docker.io/grafana/grafana', digest: `sha256:${'e'.repeat(64)}`, state: 'approved', tags: ['10.4.1'], quarantineTags: ['10.4.1'] }),
    feedImage({ repository: 'acme/web', digest: `sha256:${'f'.repeat(64)}`, state: 'at-risk', tags: ['latest', '5'], reasons: [curl], revokeAt: Date.parse('2025-06-08T00:00:00Z') }),
  ];
}

export function loadedSet(images: FeedImage[] = sampleImages(), at = NOW): ApprovedSet {
  const set = new ApprovedSet();
  set.replace(images, 'cursor-1', at);
  return set;
}

export interface TestContainer {
  name: string;
  image: unknown;
  securityContext?: Record<string, unknown>;
}

export function podSpec(containers: TestContainer[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { containers, ...extra };
}

export function pod(containers: TestContainer[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'team-a' }, spec: podSpec(containers, extra) };
}

export function deployment(containers: TestContainer[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'team-a' }, spec: { replicas: 2, template: { metadata: { labels: { app: 'd' } }, spec: podSpec(containers, extra) } } };
}

export function request(kind: { group: string; version: string; kind: string }, object: unknown, extra: Partial<AdmissionRequest> = {}): AdmissionRequest {
  return { uid: 'uid-1', kind, operation: 'CREATE', namespace: 'team-a', name: 'p', userInfo: { username: 'alice' }, object, ...extra };
}

export const POD = { group: '', version: 'v1', kind: 'Pod' };
export const DEPLOYMENT = { group: 'apps', version: 'v1', kind: 'Deployment' };

/** A whole AdmissionReview document, as the API server sends it. */
export function review(body: AdmissionRequest): string {
  return JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: body });
}

/** A pod spec that meets the restricted level. */
export function restrictedContainer(name: string, image: string): TestContainer {
  return { name, image, securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } } };
}
