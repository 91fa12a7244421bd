/**
 * Configuration of the admission webhook: the policy it applies (registries,
 * image options, failure mode, Pod Security defaults, namespace labels, audit
 * sampling) — shared by `airlock serve` (under `admission:`) and by the
 * standalone `airlock admission serve` (admission.yaml), which adds where the
 * Airlock server is, its own TLS and listen address.
 */
import { z } from 'zod';
import { duration, listenAddress } from './schema-parts.js';


/** `host[:port]` as it appears first in an image reference (`[::1]:5000` for IPv6). */
const registryHost = z
  .string()
  .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/, 'expected a registry host as in image references, e.g. airlock.example.com or 10.0.0.5:5050')
  .transform((host) => host.toLowerCase());

/** `level[:version]`, the form of the pod-security.kubernetes.io labels, e.g. `baseline` or `restricted:v1.30`. */
const levelVersion = z.string().regex(/^(privileged|baseline|restricted)(:(latest|v\d+\.\d+))?$/, 'expected privileged, baseline or restricted, optionally with :latest or :v1.<minor>');

const listen = listenAddress('0.0.0.0:8443');

export const admissionSyncSchema = z
  .strictObject({
    /** How often changes are fetched after the first full snapshot. */
    interval: duration.prefault('5s'),
    /** A full snapshot this often, to drop what changes cannot say (deleted images). */
    fullInterval: duration.prefault('1h'),
    /** Per request to the Airlock server. */
    timeout: duration.prefault('10s'),
    /** Longest wait between retries after failures (doubling from `interval`). */
    maxBackoff: duration.prefault('1m'),
  })
  .prefault({});

export const admissionPolicySchema = z.strictObject({
  /** The registries images may come from, as written in image references; default: the Airlock registry host only. */
  registries: z.array(registryHost).min(1).optional(),
  images: z
    .strictObject({
      /** Images must resolve to an approved (or at-risk), not revoked digest in <team>/… or mirror/…. */
      requireApproved: z.boolean().default(true),
      /** Deny references with a tag but no digest (the mutating webhook pins them first, when it runs). */
      denyTagWithoutDigest: z.boolean().default(false),
      /** Deny `:latest` and references without a tag or digest (which mean latest). */
      denyLatest: z.boolean().default(false),
      /** Deny images from quarantine/… (never approved for running). */
      denyQuarantine: z.boolean().default(true),
      /** The mutating webhook rewrites approved tags to their digest. */
      pinDigests: z.boolean().default(true),
      /** The mutating webhook rewrites public references (docker.io/grafana/grafana:10.4.1) to their approved mirror. */
      rewriteToMirror: z.boolean().default(false),
    })
    .prefault({}),
  /** With the cache empty or older than stalenessLimit: closed denies (image checks only), open allows with a warning. */
  failureMode: z.enum(['closed', 'open']).default('closed'),
  stalenessLimit: duration.prefault('5m'),
  podSecurity: z
    .strictObject({
      /** Levels for namespaces without pod-security.kubernetes.io labels; privileged (no checks) when unset. */
      enforce: levelVersion.optional(),
      warn: levelVersion.optional(),
      audit: levelVersion.optional(),
      /** Kubernetes enforces only on Pods (workloads get warnings); true denies workloads too. */
      enforceOnWorkloads: z.boolean().default(false),
      exemptions: z
        .strictObject({
          namespaces: z.array(z.string().min(1)).default([]),
          usernames: z.array(z.string().min(1)).default([]),
          runtimeClasses: z.array(z.string().min(1)).default([]),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Namespace labels (for pod-security.kubernetes.io/*): inline, from a YAML file, and/or watched live in the cluster. */
  namespaces: z
    .strictObject({
      labels: z.record(z.string(), z.record(z.string(), z.string())).default({}),
      labelsFile: z.string().min(1).optional(),
      /** Watch Namespace objects through the Kubernetes API (in-cluster service account). */
      watch: z.boolean().default(false),
    })
    .prefault({}),
  audit: z
    .strictObject({
      /** Share of allowed requests written to the audit trail (denials always are). */
      allowSampleRate: z.number().min(0).max(1).default(0),
    })
    .prefault({}),
  /**
   * A file holding the bearer token the Kubernetes API server must send (its webhook kubeconfig's `token`);
   * without it, anyone who reaches the endpoints is answered.
   */
  callerTokenFile: z.string().min(1).optional(),
  /** Largest AdmissionReview body read; larger ones are answered with a denial naming the limit. */
  maxRequestBytes: z.number().int().min(64 * 1024).max(64 * 1024 * 1024).default(16 * 1024 * 1024),
});

/** `admission:` in airlock.yaml: the webhook inside `airlock serve`, under /admission. */
export const embeddedAdmissionSchema = admissionPolicySchema.extend({
  enabled: z.boolean().default(false),
  /** The registry host clusters pull Airlock images from; default: publicUrl's host, else the address served on. */
  registryHost: registryHost.optional(),
  sync: admissionSyncSchema,
});

/** admission.yaml of `airlock admission serve`. */
export const admissionServeSchema = admissionPolicySchema.extend({
  listen: listen.default('0.0.0.0:8443'),
  tls: z.strictObject({
    certFile: z.string().min(1),
    keyFile: z.string().min(1),
    /** How often the files are read again: a renewed certificate (a Secret update) is served without a restart. */
    reloadInterval: duration.prefault('1m'),
  }),
  airlock: z.strictObject({
    url: z.url({ protocol: /^https?$/, message: 'expected the Airlock server URL, e.g. https://airlock.example.com' }).transform((url) => url.replace(/\/+$/, '')),
    /** CA bundle (PEM) the Airlock server's certificate is checked against; default: the system's. */
    caFile: z.string().min(1).optional(),
    /** The registry host images are pulled from; default: the URL's host. */
    registryHost: registryHost.optional(),
    /** Environment variables holding a viewer account's credentials. */
    usernameEnv: z.string().min(1).default('AIRLOCK_ADMISSION_USERNAME'),
    passwordEnv: z.string().min(1).default('AIRLOCK_ADMISSION_PASSWORD'),
  }),
  sync: admissionSyncSchema,
  log: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') }).prefault({}),
});

export type AdmissionPolicyConfig = z.output<typeof admissionPolicySchema>;
export type AdmissionSyncConfig = z.output<typeof admissionSyncSchema>;
export type EmbeddedAdmissionConfig = z.output<typeof embeddedAdmissionSchema>;
export type AdmissionServeConfig = Readonly<z.output<typeof admissionServeSchema>>;
