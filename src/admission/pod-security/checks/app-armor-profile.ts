/**
 * appArmorProfile (baseline, v1.0+): the default AppArmor profile must not be overridden with an unconfined
 * one. Upstream: policy/check_appArmorProfile.go, which reads both the securityContext.appArmorProfile fields
 * (pod and containers; allowed types RuntimeDefault, Localhost) and the deprecated beta annotations
 * container.apparmor.security.beta.kubernetes.io/* (allowed values runtime/default, localhost/*, empty).
 * Every annotation with that prefix is checked, whether or not it names an existing container, as upstream does.
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

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedProfileType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function allowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

function forbiddenAnnotations(annotations: Readonly<Record<string, string>>): string[] {
  return Object.entries(annotations)
    .filter(([key, value]) => key.startsWith(ANNOTATION_PREFIX) && !allowedAnnotationValue(value))
    .map(([key, value]) => `${key}="${value}"`)
    .sort();
}

function appArmorProfileV1Dot0({ spec, annotations }: PodView): CheckOutcome {
  const setters: string[] = [];
  const badTypes: string[] = [];
  const podProfile = spec.securityContext?.appArmorProfile;
  if (podProfile && !allowedProfileType(podProfile.type ?? '')) {
    setters.push('pod');
    badTypes.push(podProfile.type ?? '');
  }
  const badContainers: string[] = [];
  for (const { name, container } of visitContainers(spec)) {
    const profile = container.securityContext?.appArmorProfile;
    if (profile && !allowedProfileType(profile.type ?? '')) {
      badContainers.push(name);
      badTypes.push(profile.type ?? '');
    }
  }
  if (badContainers.length > 0) setters.push(containersPhrase(badContainers));
  const badAnnotations = forbiddenAnnotations(annotations);
  if (badAnnotations.length > 0) setters.push(pluralize('annotation', 'annotations', badAnnotations.length));
  if (setters.length === 0) return ALLOWED;
  const badValues = [...sortedSet(badTypes), ...badAnnotations];
  return forbidden(
    pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', badValues.length),
    `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(badValues)}`,
  );
}

export const appArmorProfile: PodSecurityCheck = {
  id: 'appArmorProfile',
  level: 'baseline',
  revisions: [{ minor: 0, evaluate: appArmorProfileV1Dot0 }],
};
