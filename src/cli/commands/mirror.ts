/**
 * `airlock mirror apply|sync|status|outdated|promote`: the catalog of public
 * images Airlock mirrors through the gate, and what became of them.
 */
import { readFile } from 'node:fs/promises';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { CliError, type ApiClient } from '../api-client.js';
import type { ClientFactory } from '../client-factory.js';
import { printObject, printTable } from '../output.js';

interface TagStatus {
  tag: string;
  sync: string;
  state?: string;
  held: boolean;
  digest?: string;
  syncedAt?: string;
  error?: string;
  reasons?: Array<{ message: string }>;
  vulnerabilities?: Record<string, number>;
}

interface EntryStatus {
  source: string;
  mirrorRepository: string;
  lastSyncAt?: string;
  checkedAt?: string;
  error?: string;
  tags: TagStatus[];
}

interface OutdatedEntry {
  source: string;
  current?: string;
  candidates: Array<{ tag: string; state: string; held: boolean; fixes?: Record<string, number>; introduces?: Record<string, number> }>;
}

interface SyncOptions {
  image?: string;
  tag?: string[];
  wait: boolean;
  timeout: string;
}

const UNDECIDED = new Set(['received', 'scanning']);

export function registerMirror(program: Command, client: ClientFactory): void {
  const mirror = program.command('mirror').description('mirror public images through the gate (apply, sync and promote need an admin)');
  mirror
    .command('apply <catalog>')
    .description('validate and apply a mirror catalog (YAML), then sync every entry')
    .action(async (file: string, _options, command: Command) => {
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new CliError(`cannot read ${file}: ${error.code ?? error.message}`, 'USAGE', 2);
      });
      const applied = await client(command).put<Record<string, unknown>>('/mirror/catalog', { text });
      printObject(applied, command.optsWithGlobals());
    });
  mirror
    .command('sync')
    .description('fetch the catalog’s images (or one image) now, and wait for their verdicts')
    .option('--image <source>', 'only this catalog entry, e.g. docker.io/grafana/grafana')
    .option('--tag <tag...>', 'only these tags of --image (they must be allowed by its selector)')
    .option('--no-wait', 'return once the sync is queued')
    .option('--timeout <seconds>', 'give up waiting after this long', '1800')
    .action(async (options: SyncOptions, command: Command) => {
      if (options.tag && !options.image) throw new CliError('--tag needs --image', 'USAGE', 2);
      const api = client(command);
      const before = await status(api);
      const { queued } = await api.post<{ queued: string[] }>('/mirror/sync', { ...(options.image ? { source: options.image } : {}), ...(options.tag ? { tags: options.tag } : {}) });
      const globals = command.optsWithGlobals<{ json?: boolean }>();
      if (!options.wait) return printObject({ queued }, globals);
      const entries = await waitForSync(api, queued, options.tag, before, Number(options.timeout) * 1000, !globals.json && process.stderr.isTTY === true);
      const rows = tagRows(entries);
      printTable(rows, ['source', 'tag', 'sync', 'state', 'digest', 'detail'], globals, entries);
      const failed = rows.filter((row) => row.sync === 'failed' || row.state === 'rejected' || row.state === 'error');
      if (failed.length > 0) throw new CliError(`${failed.length} tag(s) failed to sync or were rejected`, 'MIRROR_FAILED', 1);
    });
  mirror
    .command('status')
    .description('every mirrored image: sync state, verdict, digest')
    .option('--image <source>', 'only this source')
    .action(async (options: { image?: string }, command: Command) => {
      const entries = (await status(client(command))).filter((entry) => !options.image || entry.source.endsWith(options.image));
      printTable(tagRows(entries), ['source', 'tag', 'sync', 'state', 'held', 'digest', 'syncedAt', 'detail'], command.optsWithGlobals(), { entries });
    });
  mirror
    .command('outdated')
    .description('newer upstream tags the catalog allows, with what they fix and introduce against the approved one')
    .action(async (_options, command: Command) => {
      const { entries } = await client(command).get<{ entries: OutdatedEntry[] }>('/mirror/outdated');
      const rows = entries.flatMap((entry) =>
        entry.candidates.length === 0
          ? [{ source: entry.source, current: entry.current ?? '-', newer: '(up to date)', state: '', fixes: '', introduces: '' }]
          : entry.candidates.map((candidate) => ({ source: entry.source, current: entry.current ?? '-', newer: candidate.tag, state: candidate.held ? `${candidate.state} (held)` : candidate.state, fixes: counts(candidate.fixes), introduces: counts(candidate.introduces) })),
      );
      printTable(rows, ['source', 'current', 'newer', 'state', 'fixes', 'introduces'], command.optsWithGlobals(), { entries });
    });
  mirror
    .command('promote <image>')
    .description('promote a held candidate (source:tag) that passed the policy into mirror/…')
    .action(async (image: string, _options, command: Command) => {
      const colon = image.lastIndexOf(':');
      if (colon <= 0 || image.slice(colon).includes('/')) throw new CliError('give the image as source:tag, e.g. docker.io/grafana/grafana:10.4.3', 'USAGE', 2);
      const result = await client(command).post<Record<string, unknown>>('/mirror/promote', { source: image.slice(0, colon), tag: image.slice(colon + 1) });
      printObject(result, command.optsWithGlobals());
    });
}

async function status(api: ApiClient): Promise<EntryStatus[]> {
  return (await api.get<{ entries: EntryStatus[] }>('/mirror/status')).entries;
}

/** Polls until every queued source finished its sync (or, with tags, those tags did) and the gate judged each copy. */
async function waitForSync(api: ApiClient, sources: readonly string[], tags: readonly string[] | undefined, before: readonly EntryStatus[], timeoutMs: number, showProgress: boolean): Promise<EntryStatus[]> {
  const deadline = Date.now() + timeoutMs;
  const bar = showProgress ? new SingleBar({ stream: process.stderr, format: 'mirror [{bar}] {value}/{total} tags judged | {source}', hideCursor: true }, Presets.shades_classic) : undefined;
  bar?.start(0, 0, { source: '' });
  try {
    for (;;) {
      const entries = (await status(api)).filter((entry) => sources.includes(entry.source));
      const wanted = entries.flatMap((entry) => entry.tags.filter((tag) => !tags || tags.includes(tag.tag)).map((tag) => ({ entry, tag })));
      const done = wanted.filter(({ tag }) => tag.sync === 'failed' || (tag.sync === 'synced' && tag.state !== undefined && !UNDECIDED.has(tag.state)));
      bar?.setTotal(wanted.length);
      bar?.update(done.length, { source: wanted.find((item) => !done.includes(item))?.entry.source ?? '' });
      const listed = sources.every((source) => {
        const now = entries.find((entry) => entry.source === source);
        const then = before.find((entry) => entry.source === source);
        return tags ? (now?.tags.filter((tag) => tags.includes(tag.tag)).length ?? 0) >= tags.length : now !== undefined && (now.error !== undefined || (now.lastSyncAt !== undefined && now.lastSyncAt !== then?.lastSyncAt));
      });
      if (listed && done.length === wanted.length) return entries;
      if (Date.now() > deadline) throw new CliError(`the sync did not finish within ${Math.round(timeoutMs / 1000)} s; see airlock mirror status`, 'TIMEOUT', 1);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    bar?.stop();
  }
}

function tagRows(entries: readonly EntryStatus[]): Array<Record<string, unknown>> {
  return entries.flatMap((entry) =>
    entry.tags.length === 0
      ? [{ source: entry.source, tag: '-', sync: entry.error ? 'failed' : '-', state: '-', held: '-', digest: '-', syncedAt: entry.lastSyncAt, detail: entry.error ?? '' }]
      : entry.tags.map((tag) => ({
          source: entry.source,
          tag: tag.tag,
          sync: tag.sync,
          state: tag.state ?? '-',
          held: tag.held ? 'yes' : 'no',
          digest: tag.digest ? `${tag.digest.slice(0, 19)}…` : '-',
          syncedAt: tag.syncedAt,
          detail: tag.error ?? tag.reasons?.map((reason) => reason.message).join('; ') ?? counts(tag.vulnerabilities),
        })),
  );
}

function counts(bySeverity: Record<string, number> | undefined): string {
  if (!bySeverity) return '';
  const parts = ['critical', 'high', 'medium', 'low', 'unknown'].filter((severity) => bySeverity[severity]).map((severity) => `${bySeverity[severity]} ${severity}`);
  return parts.join(', ') || 'none';
}
