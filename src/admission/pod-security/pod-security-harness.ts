/**
 * Pods for the Pod Security tests: one that meets the restricted level, which each case changes in one place
 * (the way upstream's fixtures derive from base.yaml), and a shorthand for "which checks fail".
 */
import { checkPodSecurity } from './evaluate.js';
import type { PodSecurityLevel } from './level.js';
import type { Container, PodSpec } from './pod-schema.js';

export type TestSpec = PodSpec & { containers: Container[]; initContainers: Container[] };

function restrictedContainer(name: string): Container {
  return { name, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } };
}

/** A fresh pod spec that passes restricted at every version. */
export function restrictedSpec(): TestSpec {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    initContainers: [restrictedContainer('init')],
    containers: [restrictedContainer('app')],
  };
}

/** The first app container's security context, for one-line mutations. */
export function appSecurityContext(spec: TestSpec): NonNullable<Container['securityContext']> {
  const container = spec.containers[0];
  if (!container?.securityContext) throw new Error('restrictedSpec() always has a secured app container');
  return container.securityContext;
}

/** The ids of the checks `spec` fails at `level:version`, in evaluation order. */
export function failingChecks(
  level: PodSecurityLevel,
  version: string,
  spec: unknown,
  annotations: Record<string, string> = {},
): string[] {
  return checkPodSecurity({ metadata: { annotations }, spec }, { level, version }).map((violation) => violation.check);
}
