/**
 * Requests exempt from Pod Security evaluation, as the admission configuration lists them
 * (k8s.io/pod-security-admission admission/admission.go: exemptNamespace, exemptUser, exemptRuntimeClass).
 * An empty value never matches, so an unnamed namespace or anonymous request cannot slip through.
 */
import type { PodSecurityExemptions } from './namespace-policy.js';

export interface ExemptionRequest {
  namespace?: string;
  username?: string;
  runtimeClassName?: string;
}

export function isExempt(request: ExemptionRequest, exemptions: PodSecurityExemptions | undefined): boolean {
  if (exemptions === undefined) return false;
  return (
    listed(request.namespace, exemptions.namespaces) ||
    listed(request.username, exemptions.usernames) ||
    listed(request.runtimeClassName, exemptions.runtimeClasses)
  );
}

function listed(value: string | undefined, list: readonly string[] | undefined): boolean {
  if (typeof value !== 'string' || value.length === 0 || !Array.isArray(list)) return false;
  return list.includes(value);
}
