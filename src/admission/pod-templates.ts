/**
 * Where the pods are in each kind the webhook checks: a Pod is its own spec;
 * workloads carry a pod template (`spec.template`), a CronJob one level deeper
 * (`spec.jobTemplate.spec.template`). The list is explicit; kinds are matched
 * by API group and kind (any version: apps/v1beta2 Deployments have the same
 * layout as apps/v1). Containers come with the JSON Pointer of their `image`,
 * for patches.
 */
import { z } from 'zod';

export type ContainerKind = 'container' | 'initContainer' | 'ephemeralContainer';

export interface ContainerImage {
  kind: ContainerKind;
  name: string;
  /** As written; not necessarily a string in a malformed object. */
  image: unknown;
  /** JSON Pointer of the `image` field. */
  pointer: string;
}

export interface PodTemplate {
  /** JSON Pointer of the pod spec. */
  pointer: string;
  metadata: { annotations?: Record<string, string>; labels?: Record<string, string> };
  spec: Record<string, unknown>;
  containers: ContainerImage[];
}

export type Extraction =
  | { kind: 'checked'; templates: PodTemplate[]; isPod: boolean }
  | { kind: 'unknown'; message: string }
  | { kind: 'malformed'; message: string };

interface KindLayout {
  groups: readonly string[];
  kind: string;
  /** Path from the object to the pod template (`[]` for a Pod: the object is the pod). */
  template: readonly string[];
}

/** Every kind checked; the one list. */
export const POD_KINDS: readonly KindLayout[] = [
  { groups: [''], kind: 'Pod', template: [] },
  { groups: [''], kind: 'PodTemplate', template: ['template'] },
  { groups: [''], kind: 'ReplicationController', template: ['spec', 'template'] },
  { groups: ['apps', 'extensions'], kind: 'Deployment', template: ['spec', 'template'] },
  { groups: ['apps', 'extensions'], kind: 'ReplicaSet', template: ['spec', 'template'] },
  { groups: ['apps'], kind: 'StatefulSet', template: ['spec', 'template'] },
  { groups: ['apps', 'extensions'], kind: 'DaemonSet', template: ['spec', 'template'] },
  { groups: ['batch'], kind: 'Job', template: ['spec', 'template'] },
  { groups: ['batch'], kind: 'CronJob', template: ['spec', 'jobTemplate', 'spec', 'template'] },
];

const CONTAINER_LISTS: ReadonlyArray<[ContainerKind, string]> = [
  ['initContainer', 'initContainers'],
  ['container', 'containers'],
  ['ephemeralContainer', 'ephemeralContainers'],
];

const stringMap = z.record(z.string(), z.string());
const metadataSchema = z.looseObject({ annotations: stringMap.optional().catch(undefined), labels: stringMap.optional().catch(undefined) });
const containerSchema = z.looseObject({ name: z.string().optional(), image: z.unknown().optional() });

export function findKind(group: string, kind: string): KindLayout | undefined {
  return POD_KINDS.find((layout) => layout.kind === kind && layout.groups.includes(group));
}

/** The pod template of `object`, with every container's image. */
export function extractPodTemplates(group: string, kind: string, object: unknown): Extraction {
  const layout = findKind(group, kind);
  if (!layout) return { kind: 'unknown', message: `Airlock checks pods and pod templates; ${group ? `${group}/` : ''}${kind} is not one of them` };
  if (!isRecord(object)) return { kind: 'malformed', message: `the ${kind} object is missing or not a JSON object` };
  let node: unknown = object;
  const path: string[] = [];
  for (const step of layout.template) {
    path.push(step);
    node = isRecord(node) ? node[step] : undefined;
    if (!isRecord(node)) return { kind: 'malformed', message: `${kind} has no ${path.join('.')} object` };
  }
  const template = node as Record<string, unknown>;
  const spec = template.spec;
  if (!isRecord(spec)) return { kind: 'malformed', message: `${kind} has no ${[...path, 'spec'].join('.')} object` };
  const metadata = metadataSchema.safeParse(template.metadata ?? {});
  const pointer = `/${[...path, 'spec'].join('/')}`;
  const containers = containersOf(spec, pointer);
  if (typeof containers === 'string') return { kind: 'malformed', message: `${kind} ${[...path, 'spec'].join('.')}.${containers}` };
  return {
    kind: 'checked',
    isPod: layout.kind === 'Pod',
    templates: [{ pointer, metadata: metadata.success ? metadata.data : {}, spec, containers }],
  };
}

/** The containers of a pod spec, or the name of the list that is malformed. */
function containersOf(spec: Record<string, unknown>, pointer: string): ContainerImage[] | string {
  const found: ContainerImage[] = [];
  for (const [kind, field] of CONTAINER_LISTS) {
    const list = spec[field];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) return `${field} is not a list`;
    for (const [index, item] of list.entries()) {
      const container = containerSchema.safeParse(item);
      if (!container.success) return `${field}[${index}] is not a container object`;
      found.push({ kind, name: container.data.name ?? `#${index}`, image: container.data.image, pointer: `${pointer}/${field}/${index}/image` });
    }
  }
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
