/**
 * The AdmissionReview the admission benchmark sends: a CREATE of a Deployment
 * with 10 containers, each an approved image of the benchmark's fleet named by
 * tag (so /validate looks each up by tag and /mutate pins all ten to their
 * digests), with a pod template that meets the restricted Pod Security level,
 * as a well-kept Deployment does (no warnings, no audit-level findings).
 */
import type { FleetImage } from './admission-fleet.js';

export const CONTAINERS = 10;

/** Ten approved images of ten different applications, spread over the fleet. */
export function pickImages(fleet: readonly FleetImage[]): FleetImage[] {
  const approved = fleet.filter((image) => image.state === 'approved');
  const apps = new Map<string, FleetImage>();
  for (const image of approved) if (!apps.has(`${image.team}/${image.app}`)) apps.set(`${image.team}/${image.app}`, image);
  const distinct = [...apps.values()];
  if (distinct.length < CONTAINERS) throw new Error(`the fleet has only ${distinct.length} approved applications; the Deployment needs ${CONTAINERS}`);
  const step = Math.floor(distinct.length / CONTAINERS);
  return Array.from({ length: CONTAINERS }, (_, n) => distinct[n * step]!);
}

export function deploymentReview(registryHost: string, images: readonly FleetImage[]): string {
  const containers = images.map((image, n) => ({
    name: `c${n}-${image.app}`,
    image: `${registryHost}/${image.team}/${image.app}:${image.tag}`,
    ports: [{ containerPort: 8080 + n, protocol: 'TCP' }],
    env: [{ name: 'LOG_LEVEL', value: 'info' }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
  }));
  const labels = { 'app.kubernetes.io/name': 'storefront', 'app.kubernetes.io/part-of': 'shop' };
  const object = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'storefront', namespace: 'shop', labels },
    spec: {
      replicas: 3,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: 'storefront',
          securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers,
        },
      },
    },
  };
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      requestKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      requestResource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'storefront',
      namespace: 'shop',
      operation: 'CREATE',
      userInfo: { username: 'system:serviceaccount:ci:deployer', uid: 'b1c2', groups: ['system:serviceaccounts', 'system:authenticated'] },
      object,
      oldObject: null,
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    },
  });
}
