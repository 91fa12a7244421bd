/**
 * The mirror catalog: which public images the platform team mirrors through
 * the gate, and how to reach their registries.
 *
 *   upstreams:                        # optional, per host
 *     - host: registry.example:5000
 *       insecure: true                # plain HTTP / self-signed TLS
 *       credentialsEnv: EXAMPLE_CREDS # name of an env var holding user:password
 *       pullThrough: true             # any image of this host may be fetched on demand
 *   images:
 *     - source: docker.io/grafana/grafana   # a repository: no tag, no digest
 *       tags: [">=10.4 <11"]                # tag-pattern.ts
 *       platforms: [linux/amd64]            # default [linux/amd64]
 *       autoUpdate: false                   # default false
 *       maxTags: 3                          # default 1, per range or regex
 *   schedule: 6h                      # optional sync interval, at least 1m
 *
 * Reading validates all of it and reports every problem with its YAML path,
 * line and column, as policy documents do.
 */
import { z } from 'zod';
import { DURATION_HELP, parseDuration } from '../../config/index.js';
import { formatPath, issuesFromZod, readLocatedYaml, type DocumentIssue, type DocumentPath, type LocatedIssue } from '../../policy/index.js';
import { MirrorError } from './mirror-error.js';
import { mirrorTarget } from './mirror-path.js';
import { canonicalRegistryHost, parseRegistryHost } from './registry-host.js';
import { parseTagPattern } from './tag-pattern.js';

export const DEFAULT_PLATFORMS: readonly string[] = ['linux/amd64'];
/** A range or regex mirrors at most this many tags: a typo'd `maxTags: 1000` must not pull a registry's history. */
export const MAX_TAGS_LIMIT = 100;
const MIN_SCHEDULE_MS = 60_000;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;

/** Custom checks as zod issues, so their messages reach the author unchanged. */
function checked(check: (text: string) => string | undefined) {
  return z.string().check((context) => {
    const message = check(context.value);
    if (message !== undefined) context.issues.push({ code: 'custom', message, input: context.value });
  });
}

// YAML reads `tags: [12, 10.4]` as numbers (and 10.40 as 10.4), so a number is
// refused with the fix rather than quietly turned back into text.
const tagSchema = z.unknown().transform((value, context) => {
  const message =
    typeof value === 'number'
      ? `YAML reads ${String(value)} as a number: quote it ("${String(value)}")`
      : typeof value !== 'string'
        ? 'expected a string'
        : (() => {
            const pattern = parseTagPattern(value);
            return 'error' in pattern ? pattern.error : undefined;
          })();
  if (message !== undefined) context.addIssue({ code: 'custom', message });
  return typeof value === 'string' ? value.trim() : '';
});

const upstreamSchema = z.strictObject({
  host: checked((text) => {
    const host = parseRegistryHost(text);
    return 'error' in host ? host.error : undefined;
  }),
  insecure: z.boolean().default(false),
  credentialsEnv: z.string().regex(ENV_NAME, 'expected the name of an environment variable holding user:password (such as EXAMPLE_CREDS), never the secret itself').optional(),
  pullThrough: z.boolean().default(false),
});

const imageSchema = z.strictObject({
  source: checked(sourceProblem),
  tags: z.array(tagSchema).min(1),
  platforms: z
    .array(z.string().regex(PLATFORM, 'expected os/arch[/variant], such as linux/amd64 or linux/arm/v7'))
    .min(1)
    .default([...DEFAULT_PLATFORMS]),
  autoUpdate: z.boolean().default(false),
  maxTags: z.int().min(1).max(MAX_TAGS_LIMIT).default(1),
});

// A key with every item commented out is null in YAML: nothing listed, not an error.
const catalogSchema = z.strictObject({
  upstreams: z
    .array(upstreamSchema)
    .nullish()
    .transform((items) => items ?? []),
  images: z
    .array(imageSchema)
    .nullish()
    .transform((items) => items ?? []),
  schedule: checked((text) => {
    const ms = parseDuration(text);
    if (ms === undefined) return `expected ${DURATION_HELP}`;
    return ms < MIN_SCHEDULE_MS ? 'a sync interval is at least 1m' : undefined;
  }).optional(),
});

export type CatalogUpstream = z.output<typeof upstreamSchema>;
export type CatalogImage = z.output<typeof imageSchema>;
/** A validated catalog, defaults filled in; `scheduleMs` is `schedule` in milliseconds. */
export type Catalog = z.output<typeof catalogSchema> & { scheduleMs?: number };
/** A catalog as written (defaults optional), for building one in code. */
export type CatalogInput = z.input<typeof catalogSchema>;

/** Reads catalog YAML; throws MirrorError CATALOG_INVALID listing every problem with its path, line and column. */
export function parseCatalog(text: string): Catalog {
  const result = readLocatedYaml(text, (value) => {
    const read = readCatalog(value);
    return 'catalog' in read ? { value: read.catalog } : read;
  });
  if ('issues' in result) throw invalid(result.issues);
  return result.value;
}

/** Validates a catalog given as plain data (the YAML's value, or API JSON); issues carry paths but no positions. */
export function readCatalog(value: unknown): { catalog: Catalog } | { issues: DocumentIssue[] } {
  // An empty file is an empty catalog: nothing mirrored.
  const input = value === null || value === undefined ? {} : value;
  const parsed = catalogSchema.safeParse(input);
  // Duplicates are looked for even when something else is wrong, so one reading reports every problem.
  const issues = [
    ...(parsed.success ? [] : issuesFromZod(parsed.error, input)),
    ...duplicates(listAt(input, 'images'), ['images'], 'source', (source) => sourceKey(source), 'the same repository as'),
    ...duplicates(listAt(input, 'upstreams'), ['upstreams'], 'host', (host) => canonicalRegistryHost(host), 'the same host as'),
    ...listAt(input, 'images').flatMap((image, index) => [
      ...duplicates(listAt(image, 'tags'), ['images', index, 'tags'], undefined, (tag) => tag.trim(), 'the same as'),
      ...duplicates(listAt(image, 'platforms'), ['images', index, 'platforms'], undefined, (platform) => platform, 'the same as'),
    ]),
  ];
  if (!parsed.success || issues.length > 0) return { issues };
  const catalog: Catalog = parsed.data;
  const scheduleMs = catalog.schedule === undefined ? undefined : parseDuration(catalog.schedule);
  return { catalog: scheduleMs === undefined ? catalog : { ...catalog, scheduleMs } };
}

function sourceProblem(source: string): string | undefined {
  try {
    mirrorTarget(source);
    return undefined;
  } catch (error) {
    if (error instanceof MirrorError) return error.message;
    throw error;
  }
}

function sourceKey(source: string): string | undefined {
  return sourceProblem(source) === undefined ? mirrorTarget(source).source : undefined;
}

/**
 * Issues for items whose `key(item[field])` (or `key(item)` without a field)
 * equals an earlier item's. Items that are not strings there are skipped: the
 * schema reports them.
 */
function duplicates(
  items: readonly unknown[],
  base: DocumentPath,
  field: string | undefined,
  key: (text: string) => string | undefined,
  relation: string,
): DocumentIssue[] {
  const seen = new Map<string, number>();
  const issues: DocumentIssue[] = [];
  items.forEach((item, index) => {
    const text = field === undefined ? item : isRecord(item) ? item[field] : undefined;
    const normal = typeof text === 'string' ? key(text) : undefined;
    if (normal === undefined) return;
    const earlier = seen.get(normal);
    const path = field === undefined ? [...base, index] : [...base, index, field];
    if (earlier === undefined) seen.set(normal, index);
    else issues.push({ path, message: `duplicate: ${String(text)} is ${relation} ${formatPath([...base, earlier])}` });
  });
  return issues;
}

function listAt(value: unknown, key: string): unknown[] {
  const list = isRecord(value) ? value[key] : undefined;
  return Array.isArray(list) ? list : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function invalid(issues: LocatedIssue[]): MirrorError {
  const lines = issues.map((issue) => `${issue.path}${issue.line === undefined ? '' : ` (line ${issue.line}, column ${issue.column})`}: ${issue.message}`);
  return new MirrorError('CATALOG_INVALID', `invalid mirror catalog:\n${lines.join('\n')}`, { detail: { issues } });
}
