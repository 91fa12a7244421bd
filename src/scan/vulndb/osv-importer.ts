/**
 * Imports the records of one opened source into the advisory store, batch by
 * batch. Incremental: a record is validated and written only when its `modified`
 * is newer than the stored copy (so a re-import costs little more than reading). A withdrawn record removes the advisory and leaves a
 * tombstone, so an older copy (another source, a re-import) cannot bring it
 * back; only a strictly newer, non-withdrawn record can, as OSV intends.
 * A bad record becomes an `invalid` entry with its file name, never an abort.
 */
import type { AdvisoryStore, AdvisoryWrite } from './advisory-store.js';
import { ecosystemFilter, ecosystemsNamedIn } from './ecosystems.js';
import { compareTimestamps } from './osv-timestamp.js';
import { parseOsvRecord, recordHead } from './parse-osv-record.js';
import type { OpenedSource, SourceEntry } from './source-entry.js';

export interface ImportCounts {
  /** Entries read from the source (JSON files). */
  records: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Withdrawals applied (the advisory removed, or never added). */
  withdrawn: number;
  invalid: number;
  /** Valid records outside the selected ecosystems. */
  skipped: number;
}

export interface ImportProgress extends ImportCounts {
  /** Entries the source will yield, when known. */
  total: number | undefined;
}

export interface ImportOptions {
  /** Import only records naming one of these ecosystems (`Debian` selects every `Debian:<release>`). */
  ecosystems?: readonly string[];
  /** Records per transaction (default 1000). */
  batchSize?: number;
  /** Called every few hundred records and once at the end. */
  onProgress?: (progress: ImportProgress) => void;
  /** How many invalid-record reasons and warnings to keep in the result (all are counted; default 200). */
  maxMessages?: number;
}

export interface ImportResult extends ImportCounts {
  location: string;
  /** Ecosystems named by the source's valid, selected records, sorted. */
  ecosystems: string[];
  invalidRecords: Array<{ file: string; reason: string }>;
  /** Parts of valid records that were ignored (a severity of an unknown type, a malformed range). */
  warnings: string[];
  durationMs: number;
}

/** A record read and identified, not yet validated. */
interface Pending {
  file: string;
  id: string;
  modified: string;
  value: unknown;
}

const PROGRESS_EVERY = 250;

export async function importAdvisories(store: AdvisoryStore, source: OpenedSource, options: ImportOptions = {}): Promise<ImportResult> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 1000;
  const maxMessages = options.maxMessages ?? 200;
  const selected = ecosystemFilter(options.ecosystems);
  const result: ImportResult = {
    location: source.location,
    records: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    withdrawn: 0,
    invalid: 0,
    skipped: 0,
    ecosystems: [],
    invalidRecords: [],
    warnings: [],
    durationMs: 0,
  };
  const ecosystems = new Set<string>();
  const progress = () => options.onProgress?.({ ...countsOf(result), total: source.total });
  let batch = new Map<string, Pending>();

  for await (const entry of source.entries()) {
    result.records++;
    const read = readRecord(entry);
    if (!read.ok) {
      noteInvalid(result, entry.name, read.reason, maxMessages);
    } else {
      const named = ecosystemsNamedIn(read.value);
      if (options.ecosystems && !named.some(selected)) {
        result.skipped++;
      } else {
        for (const ecosystem of named) ecosystems.add(ecosystem);
        const seen = batch.get(read.id);
        if (seen) result.unchanged++;
        if (!seen || compareTimestamps(read.modified, seen.modified) > 0) batch.set(read.id, { file: entry.name, id: read.id, modified: read.modified, value: read.value });
      }
    }
    if (batch.size >= batchSize) {
      await flush(store, source.location, batch, result, maxMessages);
      batch = new Map();
    }
    if (result.records % PROGRESS_EVERY === 0) progress();
  }
  await flush(store, source.location, batch, result, maxMessages);
  result.ecosystems = [...ecosystems].sort();
  result.durationMs = Math.round(performance.now() - started);
  progress();
  return result;
}

type Read = { ok: true; id: string; modified: string; value: unknown } | { ok: false; reason: string };

function readRecord(entry: SourceEntry): Read {
  if ('problem' in entry) return { ok: false, reason: entry.problem };
  let value: unknown;
  try {
    value = JSON.parse(entry.content.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
  const head = recordHead(value);
  return head.ok ? { ...head, value } : head;
}

/** Decides, per record, against the stored copy; validates what is newer and writes it in one transaction. */
async function flush(store: AdvisoryStore, location: string, batch: Map<string, Pending>, result: ImportResult, maxMessages: number): Promise<void> {
  if (batch.size === 0) return;
  const stored = await store.states([...batch.keys()]);
  const writes: AdvisoryWrite[] = [];
  for (const pending of batch.values()) {
    const current = stored.get(pending.id);
    if (current && compareTimestamps(pending.modified, current.modified) <= 0) {
      result.unchanged++;
      continue;
    }
    const parsed = parseOsvRecord(pending.value);
    if (!parsed.ok) {
      noteInvalid(result, pending.file, parsed.reason, maxMessages);
      continue;
    }
    for (const warning of parsed.warnings) if (result.warnings.length < maxMessages) result.warnings.push(`${pending.file}: ${warning}`);
    if (parsed.record.withdrawn) result.withdrawn++;
    else if (current && !current.withdrawn) result.updated++;
    else result.added++;
    writes.push({ record: parsed.record, raw: JSON.stringify(pending.value), source: location });
  }
  await store.write(writes);
}

function noteInvalid(result: ImportResult, file: string, reason: string, maxMessages: number): void {
  result.invalid++;
  if (result.invalidRecords.length < maxMessages) result.invalidRecords.push({ file, reason });
}

function countsOf(result: ImportResult): ImportCounts {
  const { records, added, updated, unchanged, withdrawn, invalid, skipped } = result;
  return { records, added, updated, unchanged, withdrawn, invalid, skipped };
}
