/**
 * Pod Security Standards (Kubernetes' privileged / baseline / restricted levels), evaluated as
 * k8s.io/pod-security-admission does, version by version, with the namespace-label policy, cluster defaults and
 * exemptions around them. Pure: data in, data out.
 */
export type { PodSecurityLevel } from './level.js';
export type { PodSecurityVersion } from './version.js';
export { LATEST_POD_SECURITY_VERSION } from './version.js';
export type { LevelVersion } from './level-version.js';
export { parseLevelVersion, formatLevelVersion } from './level-version.js';
export { checkPodSecurity, INVALID_POD_CHECK, type PodSecurityViolation } from './evaluate.js';
export { POD_SECURITY_CHECKS, type PodSecurityCheckInfo } from './checks.js';
export {
  namespacePolicy,
  POD_SECURITY_LABEL_PREFIX,
  type NamespacePolicy,
  type PodSecurityDefaults,
  type PodSecurityExemptions,
  type PodSecurityMode,
} from './namespace-policy.js';
export { isExempt } from './exemptions.js';
export { PodSecurityError, type PodSecurityErrorCode } from './pod-security-error.js';
