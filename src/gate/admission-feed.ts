/**
 * What admission webhooks cache: every image the gate has seen, named by the
 * repository clusters pull it from (`<team>/<name>`, `mirror/<host>/<path>`),
 * with its state, the approved tags that point at it, the tags pushed to
 * quarantine for it, and — for images that must not run — the reasons, so a
 * webhook can tell a developer which vulnerability to fix.
 *
 * A full snapshot first, then changes since a time: every write to an image
 * sets gate_images.updated_at and every pushed or promoted tag sets tags.updated_at
 * (migration 0009 indexes both). Changes are read with an overlap, so a row
 * whose transaction committed a little after the previous read is not lost;
 * webhooks apply entries idempotently, so seeing one twice costs nothing.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { GateReason } from './gate-ports.js';
import type { ImageState } from './image-state.js';

/** One image as a webhook sees it. */
export interface AdmissionImage {
  /** Where clusters pull it from once approved: `<team>/<name>` or `mirror/<host>/<path>`. */
  repository: string;
  /** Where it was pushed and judged: `quarantine/<team>/<name>`. */
  quarantineRepository: string;
  digest: string;
  state: ImageState;
  /** Tags of `repository` that point at this digest (promoted, immutable). */
  tags: string[];
  /** Tags of the quarantine repository that point at this digest now (a re-pushed tag moves to the newer image). */
  quarantineTags: string[];
  /** Why it fails its policy (rejected, at-risk, revoked); at most MAX_REASONS. */
  reasons: AdmissionReason[];
  /** Why its scan failed (state error). */
  error?: string;
  /** When an at-risk image will be revoked, epoch ms. */
  revokeAt?: number;
  /** For a multi-platform index: its platform images' digests, judged with it (a pod may pin one of them). */
  platformDigests?: string[];
}

export type AdmissionReason = Pick<GateReason, 'rule' | 'message' | 'vulnerability' | 'package' | 'installedVersion' | 'fixedVersion' | 'severity'>;

export interface AdmissionFeedPage {
  /** Time (epoch ms, the server's clock) the page was read at; the next `changes` call starts there. */
  readAt: number;
  images: AdmissionImage[];
}

/** Longer than any transaction that writes an image or a tag takes to commit. */
export const FEED_OVERLAP_MS = 30_000;
const MAX_REASONS = 20;
const IN_CHUNK = 500;
const QUARANTINE = 'quarantine/';
const IMAGE_COLUMNS = ['repository', 'digest', 'state', 'reasons', 'error', 'revokeAt', 'summary'] as const;

type ImageColumns = { repository: string; digest: string; state: string; reasons: string; error: string | null; revokeAt: number | null; summary: string | null };
type TagRow = { repository: string; name: string; digest: string };

export class AdmissionFeed {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number,
  ) {}

  /** Every image, with the tags of its quarantine and approved repositories. */
  async snapshot(): Promise<AdmissionFeedPage> {
    const readAt = this.clock();
    const rows = await this.db.selectFrom('gateImages').select(IMAGE_COLUMNS).execute();
    const tags = await this.db.selectFrom('tags').select(['repository', 'name', 'digest']).execute();
    return { readAt, images: assemble(rows, tags) };
  }

  /** Images whose record or tags changed at or after `since` (minus the overlap), each whole. */
  async changes(since: number): Promise<AdmissionFeedPage> {
    const readAt = this.clock();
    const from = since - FEED_OVERLAP_MS;
    const rows = await this.db.selectFrom('gateImages').select(IMAGE_COLUMNS).where('updatedAt', '>=', from).execute();
    const changedTags = await this.db.selectFrom('tags').select(['repository', 'digest']).where('updatedAt', '>=', from).execute();
    const known = new Set(rows.map((row) => key(row.repository, row.digest)));
    const missing = changedTags.map((tag) => ({ repository: quarantineRepository(tag.repository), digest: tag.digest })).filter((image) => !known.has(key(image.repository, image.digest)));
    rows.push(...(await this.imagesAt(missing)));
    return { readAt, images: assemble(rows, await this.tagsOf(rows)) };
  }

  private async imagesAt(wanted: ReadonlyArray<{ repository: string; digest: string }>): Promise<ImageColumns[]> {
    const keys = new Set(wanted.map((image) => key(image.repository, image.digest)));
    const digests = [...new Set(wanted.map((image) => image.digest))];
    const found: ImageColumns[] = [];
    for (let start = 0; start < digests.length; start += IN_CHUNK) {
      const rows = await this.db.selectFrom('gateImages').select(IMAGE_COLUMNS).where('digest', 'in', digests.slice(start, start + IN_CHUNK)).execute();
      found.push(...rows.filter((row) => keys.has(key(row.repository, row.digest))));
    }
    return found;
  }

  /** The tags of these images' quarantine and approved repositories. */
  private async tagsOf(rows: readonly ImageColumns[]): Promise<TagRow[]> {
    const repositories = [...new Set(rows.flatMap((row) => [row.repository, approvedRepository(row.repository)]))];
    const tags: TagRow[] = [];
    for (let start = 0; start < repositories.length; start += IN_CHUNK) {
      tags.push(...(await this.db.selectFrom('tags').select(['repository', 'name', 'digest']).where('repository', 'in', repositories.slice(start, start + IN_CHUNK)).execute()));
    }
    return tags;
  }
}

function assemble(rows: readonly ImageColumns[], tags: readonly TagRow[]): AdmissionImage[] {
  const tagsByImage = new Map<string, string[]>();
  for (const tag of tags) {
    const id = key(tag.repository, tag.digest);
    const names = tagsByImage.get(id);
    if (names) names.push(tag.name);
    else tagsByImage.set(id, [tag.name]);
  }
  return rows.map((row) => {
    const repository = approvedRepository(row.repository);
    const state = row.state as ImageState;
    const failing = state === 'rejected' || state === 'revoked' || state === 'at-risk';
    return {
      repository,
      quarantineRepository: row.repository,
      digest: row.digest,
      state,
      tags: (tagsByImage.get(key(repository, row.digest)) ?? []).sort(),
      quarantineTags: (tagsByImage.get(key(row.repository, row.digest)) ?? []).sort(),
      reasons: failing ? (JSON.parse(row.reasons) as GateReason[]).slice(0, MAX_REASONS).map(reasonOf) : [],
      ...(row.error ? { error: row.error } : {}),
      ...(row.revokeAt !== null && state === 'at-risk' ? { revokeAt: Number(row.revokeAt) } : {}),
      ...platformDigestsOf(row),
    };
  });
}

function platformDigestsOf(row: ImageColumns): Pick<AdmissionImage, 'platformDigests'> {
  if (!row.summary) return {};
  const platforms = (JSON.parse(row.summary) as { platforms?: Array<{ digest?: string }> }).platforms ?? [];
  const digests = platforms.map((platform) => platform.digest).filter((digest): digest is string => typeof digest === 'string' && digest !== row.digest);
  return digests.length > 0 ? { platformDigests: digests } : {};
}

function reasonOf(reason: GateReason): AdmissionReason {
  const { rule, message, vulnerability, package: name, installedVersion, fixedVersion, severity } = reason;
  return { rule, message, ...(vulnerability ? { vulnerability } : {}), ...(name ? { package: name } : {}), ...(installedVersion ? { installedVersion } : {}), ...(fixedVersion ? { fixedVersion } : {}), ...(severity ? { severity } : {}) };
}

/** The quarantine repository a tag's repository belongs to (itself, or the one its approved images come from). */
function quarantineRepository(repository: string): string {
  return repository.startsWith(QUARANTINE) ? repository : `${QUARANTINE}${repository}`;
}

/** quarantine/<team>/<name> → <team>/<name>; quarantine/mirror/<host>/<path> → mirror/<host>/<path> (auth's approvedRepositoryFor, for rows known to be quarantine). */
function approvedRepository(quarantine: string): string {
  return quarantine.startsWith(QUARANTINE) ? quarantine.slice(QUARANTINE.length) : quarantine;
}

function key(repository: string, digest: string): string {
  return `${repository}@${digest}`;
}
