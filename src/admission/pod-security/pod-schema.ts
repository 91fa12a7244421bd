/**
 * The part of a Pod (metadata + spec) the Pod Security checks read, as a zod schema over plain JSON.
 *
 * The API server decodes a pod into typed Go structs before Pod Security admission sees it, so upstream's checks
 * never meet a wrong JSON type. We may be handed anything (an AdmissionReview object, a pod template from a
 * manifest), so the boundary is validated here: a field the checks read with the wrong type makes the pod
 * "invalid" (the API server would refuse it too) instead of being silently read as unset. Every optional field
 * accepts null, as Go's decoder does (YAML `securityContext:` with nothing after it is null). Unknown fields are
 * ignored, except on volumes, whose keys name their source type (restrictedVolumes needs them).
 */
import { z } from 'zod';

const text = z.string().nullish();
const flag = z.boolean().nullish();
const integer = z.number().int().nullish();

const seLinuxOptions = z.object({ type: text, user: text, role: text, level: text }).nullish();
/** seccompProfile and appArmorProfile share this shape. */
const profile = z.object({ type: text, localhostProfile: text }).nullish();
const windowsOptions = z.object({ hostProcess: flag }).nullish();
const capabilities = z.object({ add: z.array(z.string()).nullish(), drop: z.array(z.string()).nullish() }).nullish();

const containerSecurityContext = z
  .object({
    privileged: flag,
    allowPrivilegeEscalation: flag,
    capabilities,
    procMount: text,
    seLinuxOptions,
    seccompProfile: profile,
    appArmorProfile: profile,
    windowsOptions,
    runAsNonRoot: flag,
    runAsUser: integer,
  })
  .nullish();

/** httpGet / tcpSocket of a probe or lifecycle handler: only `host` matters here. */
const hostAction = z.object({ host: text }).nullish();
const handler = z.object({ httpGet: hostAction, tcpSocket: hostAction }).nullish();

const container = z.object({
  name: text,
  ports: z.array(z.object({ hostPort: integer })).nullish(),
  securityContext: containerSecurityContext,
  livenessProbe: handler,
  readinessProbe: handler,
  startupProbe: handler,
  lifecycle: z.object({ postStart: handler, preStop: handler }).nullish(),
});

const podSecurityContext = z
  .object({
    runAsNonRoot: flag,
    runAsUser: integer,
    seLinuxOptions,
    seccompProfile: profile,
    appArmorProfile: profile,
    windowsOptions,
    sysctls: z.array(z.object({ name: text })).nullish(),
  })
  .nullish();

const volume = z.looseObject({ name: text });

const podSpec = z.object({
  hostNetwork: flag,
  hostPID: flag,
  hostIPC: flag,
  hostUsers: flag,
  os: z.object({ name: text }).nullish(),
  securityContext: podSecurityContext,
  initContainers: z.array(container).nullish(),
  containers: z.array(container).nullish(),
  ephemeralContainers: z.array(container).nullish(),
  volumes: z.array(volume).nullish(),
});

export const podSchema = z.object({
  metadata: z.object({ annotations: z.record(z.string(), z.string()).nullish() }).nullish(),
  spec: podSpec,
});

export type PodInput = z.infer<typeof podSchema>;
export type PodSpec = z.infer<typeof podSpec>;
export type Container = z.infer<typeof container>;
export type ContainerSecurityContext = NonNullable<z.infer<typeof containerSecurityContext>>;
export type Volume = z.infer<typeof volume>;

/** Where a schema issue is, as a field path a user can find in the manifest (`spec.containers[0].ports`). */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? 'pod' : out;
}
