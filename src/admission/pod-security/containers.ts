/**
 * Walks every container of a pod spec in upstream's order: initContainers, containers, ephemeralContainers
 * (k8s.io/pod-security-admission policy/visitor.go: visitContainers). Ephemeral containers are included because
 * they are added to running pods through the ephemeralcontainers subresource, which admission also sees.
 */
import type { Container, PodSpec } from './pod-schema.js';

export interface VisitedContainer {
  /** The container's name, or its field path when it has none (so a message still points somewhere). */
  name: string;
  container: Container;
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

export function visitContainers(spec: PodSpec): VisitedContainer[] {
  const visited: VisitedContainer[] = [];
  for (const list of CONTAINER_LISTS) {
    (spec[list] ?? []).forEach((container, index) => {
      const name = container.name ? container.name : `${list}[${index}]`;
      visited.push({ name, container });
    });
  }
  return visited;
}
