/**
 * procMount_restricted (restricted, v1.35+; replaces procMount at the restricted level): when v1.35 relaxed the
 * baseline procMount check for user-namespace pods, the restricted level kept forbidding any procMount but
 * "Default" for every pod. Upstream: policy/check_procMount_restricted.go, which reuses procMount_1_0.
 */
import type { PodSecurityCheck } from '../check.js';
import { procMountV1Dot0 } from './proc-mount.js';

export const procMountRestricted: PodSecurityCheck = {
  id: 'procMount_restricted',
  level: 'restricted',
  revisions: [{ minor: 35, evaluate: procMountV1Dot0, overrides: ['procMount'] }],
};
