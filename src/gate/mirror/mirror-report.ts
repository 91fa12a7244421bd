/**
 * What the mirror has, read for people: each catalog entry with its tags, their
 * sync state and verdict (status); and the update advisor — per entry, the
 * upstream tags newer than the newest approved one that the selector allows,
 * each with its vulnerability delta against that approved one (outdated).
 * Read from the database only: the upstream was asked at the last sync.
 */
import type { GateReason } from '../gate-ports.js';
import { isServable, type ImageState } from '../image-state.js';
import { reasonsOf } from '../record-verdict.js';
import type { ImageRow, ImageStore } from '../store/image-store.js';
import { storedPlatforms } from '../store/stored-evaluation.js';
import type { Catalog } from './catalog-document.js';
import { mirrorTarget } from './mirror-path.js';
import type { MirrorStore, MirrorTagRow } from './mirror-store.js';
import { newestFirst } from './tag-order.js';
import { compileTagSelector } from './tag-selector.js';

export interface MirrorTagStatus {
  tag: string;
  /** queued, syncing, synced, failed */
  sync: string;
  /** The gate's state once synced: scanning, approved, rejected, at-risk, revoked, error. */
  state?: string;
  held: boolean;
  origin: string;
  digest?: string;
  upstreamDigest?: string;
  syncedAt?: string;
  bytes?: number;
  error?: string;
  reasons?: GateReason[];
  vulnerabilities?: Record<string, number>;
}

export interface MirrorEntryStatus {
  source: string;
  mirrorRepository: string;
  inCatalog: boolean;
  upstreamTags: number;
  checkedAt?: string;
  lastSyncAt?: string;
  error?: string;
  tags: MirrorTagStatus[];
}

export type SeverityCounts = Record<string, number>;

export interface UpdateCandidate {
  tag: string;
  /** not-mirrored, or the sync/gate state of the fetched candidate. */
  state: string;
  held: boolean;
  /** Vulnerabilities of the current tag this one no longer has, by severity (once scanned). */
  fixes?: SeverityCounts;
  /** Vulnerabilities this one has that the current tag does not, by severity. */
  introduces?: SeverityCounts;
  fixed?: string[];
  introduced?: string[];
}

export interface OutdatedEntry {
  source: string;
  /** The newest approved (promoted) tag, if any. */
  current?: string;
  candidates: UpdateCandidate[];
}

export async function mirrorStatus(store: MirrorStore, images: ImageStore, catalog: Catalog | undefined): Promise<MirrorEntryStatus[]> {
  const rows = await store.tags();
  const catalogSources = new Set((catalog?.images ?? []).map((image) => mirrorTarget(image.source).source));
  const sources = new Set([...catalogSources, ...rows.map((row) => row.source)]);
  const result: MirrorEntryStatus[] = [];
  for (const source of [...sources].sort()) {
    const look = await store.entry(source);
    const tags: MirrorTagStatus[] = [];
    for (const row of rows.filter((candidate) => candidate.source === source)) tags.push(tagStatus(row, await imageOf(images, row)));
    result.push({
      source,
      mirrorRepository: mirrorTarget(source).mirrorRepository,
      inCatalog: catalogSources.has(source),
      upstreamTags: look?.upstreamTags.length ?? 0,
      ...(look?.checkedAt ? { checkedAt: iso(look.checkedAt) } : {}),
      ...(look?.lastSyncAt ? { lastSyncAt: iso(look.lastSyncAt) } : {}),
      ...(look?.error ? { error: look.error } : {}),
      tags: newestFirst(tags.map((tag) => tag.tag)).map((name) => tags.find((tag) => tag.tag === name) as MirrorTagStatus),
    });
  }
  return result;
}

export async function outdated(store: MirrorStore, images: ImageStore, catalog: Catalog): Promise<OutdatedEntry[]> {
  const result: OutdatedEntry[] = [];
  for (const image of catalog.images) {
    const target = mirrorTarget(image.source);
    const selector = compileTagSelector(image.tags);
    const rows = await store.tags(target.source);
    const decided = new Map<string, ImageRow | undefined>();
    for (const row of rows) decided.set(row.tag, await imageOf(images, row));
    const approved = rows.filter((row) => row.held === 0 && isServable((decided.get(row.tag)?.state ?? 'received') as ImageState)).map((row) => row.tag);
    const current = newestFirst(approved)[0];
    const upstreamTags = (await store.entry(target.source))?.upstreamTags ?? [];
    const newer = current ? selector.newerThan(current, upstreamTags) : selector.select(upstreamTags, image.maxTags);
    const currentFindings = current ? findingsOf(decided.get(current)) : undefined;
    const candidates = newer.slice(0, 10).map((tag) => candidate(tag, rows.find((row) => row.tag === tag), decided.get(tag), currentFindings));
    result.push({ source: target.source, ...(current ? { current } : {}), candidates });
  }
  return result;
}

function candidate(tag: string, row: MirrorTagRow | undefined, image: ImageRow | undefined, current: Map<string, string> | undefined): UpdateCandidate {
  const state = image?.state ?? row?.state ?? 'not-mirrored';
  const base: UpdateCandidate = { tag, state, held: row?.held === 1 };
  const findings = findingsOf(image);
  if (!findings || !current) return base;
  const fixed = [...current.keys()].filter((key) => !findings.has(key));
  const introduced = [...findings.keys()].filter((key) => !current.has(key));
  return { ...base, fixes: bySeverity(fixed, current), introduces: bySeverity(introduced, findings), fixed: fixed.sort(), introduced: introduced.sort() };
}

/** Vulnerability id → severity over every platform of a decided image; undefined before its verdict. */
function findingsOf(image: ImageRow | undefined): Map<string, string> | undefined {
  if (!image?.evaluation) return undefined;
  const findings = new Map<string, string>();
  for (const platform of storedPlatforms(image)) for (const finding of platform.findings ?? []) findings.set(finding.id, finding.severity);
  return findings;
}

function bySeverity(ids: readonly string[], severities: Map<string, string>): SeverityCounts {
  const counts: SeverityCounts = {};
  for (const id of ids) {
    const severity = severities.get(id) ?? 'unknown';
    counts[severity] = (counts[severity] ?? 0) + 1;
  }
  return counts;
}

function tagStatus(row: MirrorTagRow, image: ImageRow | undefined): MirrorTagStatus {
  const summary = image?.summary ? (JSON.parse(image.summary) as { vulnerabilities?: Record<string, number> }) : undefined;
  return {
    tag: row.tag,
    sync: row.state,
    ...(image ? { state: image.state } : {}),
    held: row.held === 1,
    origin: row.origin,
    ...(row.digest ? { digest: row.digest } : {}),
    ...(row.upstreamDigest ? { upstreamDigest: row.upstreamDigest } : {}),
    ...(row.syncedAt ? { syncedAt: iso(row.syncedAt) } : {}),
    ...(row.bytes !== null ? { bytes: Number(row.bytes) } : {}),
    ...(row.error ? { error: row.error } : {}),
    ...(image && image.state === 'rejected' ? { reasons: reasonsOf(image) } : {}),
    ...(summary?.vulnerabilities ? { vulnerabilities: summary.vulnerabilities } : {}),
  };
}

async function imageOf(images: ImageStore, row: MirrorTagRow): Promise<ImageRow | undefined> {
  return row.digest ? images.find(row.repository, row.digest) : undefined;
}

function iso(time: number): string {
  return new Date(Number(time)).toISOString();
}
