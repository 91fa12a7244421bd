/**
 * The configuration document (`airlock.yaml`) and its defaults. Every value has
 * one place where it is validated; errors name the key and what is allowed.
 */
import { z } from 'zod';
import { embeddedAdmissionSchema } from './admission-schema.js';
import { duration, listenAddress } from './schema-parts.js';


const listen = listenAddress('127.0.0.1:5050 or 0.0.0.0:5050');

const publicUrl = z.url({ protocol: /^https?$/, message: 'expected an http(s) URL such as https://airlock.example.com' }).transform((url) => url.replace(/\/+$/, ''));

const databaseUrl = z.string().min(1).refine((value) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^postgres(ql)?:\/\//.test(value), {
  message: 'expected a SQLite file path or a postgres:// URL',
});

export const configSchema = z.strictObject({
  listen: listen.default('127.0.0.1:5050'),
  dataDir: z.string().min(1).default('./airlock-data'),
  publicUrl: publicUrl.optional(),
  databaseUrl: databaseUrl.optional(),
  adminPassword: z.string().min(12, 'the admin password needs at least 12 characters').optional(),
  /** Serve HTTPS with this PEM certificate chain and key (both or neither); docker requires TLS for non-loopback registries. */
  tls: z
    .strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1) })
    .optional(),
  /** On SIGTERM, requests in flight get this long to finish before connections are cut. */
  shutdownGracePeriod: duration.prefault('30s'),
  log: z.strictObject({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  }).prefault({}),
  auth: z.strictObject({
    /** Lifetime of registry bearer tokens issued by /auth/token. */
    tokenTtl: duration.prefault('5m'),
    /** The `service` named in WWW-Authenticate challenges. */
    service: z.string().min(1).default('airlock'),
  }).prefault({}),
  registry: z.strictObject({
    maxManifestBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(4 * 1024 * 1024),
    /** Uploads untouched for this long are removed by `airlock gc`. */
    uploadTtl: duration.prefault('24h'),
  }).prefault({}),
  gate: z.strictObject({
    /** Scan workers in this process; 0 for replicas that only serve the API and registry. */
    workers: z.number().int().min(0).max(32).default(1),
    /** A scan whose worker has not reported for this long is taken by another worker. */
    jobLease: duration.prefault('2m'),
    pollInterval: duration.prefault('500ms'),
    /** How often at-risk images past their grace period are revoked. */
    tick: duration.prefault('10s'),
  }).prefault({}),
  vulnerabilityDb: z.strictObject({
    /** How often the server imports advisories by itself and re-decides the images they touch; "0s" (the default) leaves updates to `airlock db update`. */
    updateInterval: duration.prefault('0s'),
    /** URLs, zip files or directories; without any, OSV's per-ecosystem zips. */
    sources: z.array(z.string().min(1)).optional(),
    /** Ecosystems to import, e.g. [npm, PyPI, "Debian:12"]. */
    ecosystems: z.array(z.string().min(1)).optional(),
    /** Where per-ecosystem zips are fetched from when no sources are given (a mirror of OSV's bucket). */
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  }).prefault({}),
  gc: z.strictObject({
    /** Unreferenced blobs younger than this are kept, so pushes in flight are never broken. */
    blobGracePeriod: duration.prefault('1h'),
  }).prefault({}),
  /** The Kubernetes admission webhook served under /admission (the in-cluster Deployment is `airlock admission serve`). */
  admission: embeddedAdmissionSchema.prefault({}),
});

export type ConfigInput = z.input<typeof configSchema>;
/** publicUrl stays undefined unless set: URLs are then derived from each request's Host. */
export type AirlockConfig = Readonly<z.output<typeof configSchema> & { databaseUrl: string }>;
