/**
 * seccompProfile_baseline (baseline; v1.0 reads the alpha annotations, v1.19+ the securityContext fields): a
 * seccomp profile, when set, must not be Unconfined. Upstream: policy/check_seccompProfile_baseline.go.
 * v1.0-v1.18: annotations seccomp.security.alpha.kubernetes.io/pod and
 * container.seccomp.security.alpha.kubernetes.io/<container>, allowed runtime/default, docker/default, localhost/*.
 * v1.19+: seccompProfile.type of the pod and every container, allowed RuntimeDefault, Localhost or unset.
 */
import {
  ALLOWED,
  containersPhrase,
  forbidden,
  joinQuote,
  pluralize,
  sortedSet,
  type CheckOutcome,
  type PodSecurityCheck,
  type PodView,
} from '../check.js';
import { visitContainers } from '../containers.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

export function allowedSeccompType(type: string | null | undefined): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function allowedAnnotationValue(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

function seccompProfileBaselineV1Dot0({ spec, annotations }: PodView): CheckOutcome {
  const keys = [POD_ANNOTATION, ...visitContainers(spec).map(({ name }) => CONTAINER_ANNOTATION_PREFIX + name)];
  const bad = keys
    .filter((key) => Object.hasOwn(annotations, key) && !allowedAnnotationValue(annotations[key] ?? ''))
    .map((key) => `${key}="${annotations[key] ?? ''}"`);
  if (bad.length === 0) return ALLOWED;
  const distinct = sortedSet(bad);
  return forbidden('seccompProfile', `forbidden ${pluralize('annotation', 'annotations', distinct.length)} ${distinct.join(', ')}`);
}

function seccompProfileBaselineV1Dot19({ spec }: PodView): CheckOutcome {
  const setters: string[] = [];
  const badTypes: string[] = [];
  const podProfile = spec.securityContext?.seccompProfile;
  if (podProfile && !allowedSeccompType(podProfile.type)) {
    setters.push('pod');
    badTypes.push(podProfile.type ?? '');
  }
  const badContainers: string[] = [];
  for (const { name, container } of visitContainers(spec)) {
    const profile = container.securityContext?.seccompProfile;
    if (profile && !allowedSeccompType(profile.type)) {
      badContainers.push(name);
      badTypes.push(profile.type ?? '');
    }
  }
  if (badContainers.length > 0) setters.push(containersPhrase(badContainers));
  if (setters.length === 0) return ALLOWED;
  return forbidden(
    'seccompProfile',
    `${setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(sortedSet(badTypes))}`,
  );
}

export const seccompProfileBaseline: PodSecurityCheck = {
  id: 'seccompProfile_baseline',
  level: 'baseline',
  revisions: [
    { minor: 0, evaluate: seccompProfileBaselineV1Dot0 },
    { minor: 19, evaluate: seccompProfileBaselineV1Dot19 },
  ],
};
