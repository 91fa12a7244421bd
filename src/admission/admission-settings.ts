/**
 * The webhook's policy, resolved once from configuration: allowed registries
 * (the first is where Airlock itself is pulled from), image options, failure
 * mode and Pod Security defaults. Frozen and passed to every decision.
 */
import type { AdmissionPolicyConfig } from '../config/index.js';

export type LevelText = string;

export interface ImageOptions {
  requireApproved: boolean;
  denyTagWithoutDigest: boolean;
  denyLatest: boolean;
  denyQuarantine: boolean;
  pinDigests: boolean;
  rewriteToMirror: boolean;
}

export interface PodSecuritySettings {
  enforce?: LevelText;
  warn?: LevelText;
  audit?: LevelText;
  enforceOnWorkloads: boolean;
  exemptions: { namespaces: string[]; usernames: string[]; runtimeClasses: string[] };
}

export interface AdmissionSettings {
  /** Lowercase hosts; registries[0] is the Airlock registry host (used for mirror rewrites). */
  registries: readonly string[];
  images: ImageOptions;
  failureMode: 'closed' | 'open';
  stalenessLimitMs: number;
  podSecurity: PodSecuritySettings;
  allowSampleRate: number;
}

/** `registryHost` leads the list unless `registries` is configured, in which case that list is used as written. */
export function admissionSettings(config: AdmissionPolicyConfig, registryHost: string): AdmissionSettings {
  const registries = config.registries ?? [registryHost.toLowerCase()];
  return deepFreeze({
    registries,
    images: { ...config.images },
    failureMode: config.failureMode,
    stalenessLimitMs: config.stalenessLimit,
    podSecurity: {
      ...(config.podSecurity.enforce ? { enforce: config.podSecurity.enforce } : {}),
      ...(config.podSecurity.warn ? { warn: config.podSecurity.warn } : {}),
      ...(config.podSecurity.audit ? { audit: config.podSecurity.audit } : {}),
      enforceOnWorkloads: config.podSecurity.enforceOnWorkloads,
      exemptions: { namespaces: [...config.podSecurity.exemptions.namespaces], usernames: [...config.podSecurity.exemptions.usernames], runtimeClasses: [...config.podSecurity.exemptions.runtimeClasses] },
    },
    allowSampleRate: config.audit.allowSampleRate,
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
