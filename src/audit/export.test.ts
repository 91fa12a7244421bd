import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from './audit-log.js';
import { computeEntryHash, GENESIS_HASH, type AuditEntry } from './audit-entry.js';
import { AuditError } from './errors.js';
import { exportAuditLog, type AuditExportOptions } from './export.js';
import { queryAuditLog } from './query.js';
import { appendEntries, DATABASE_ENGINES, openTestDatabase, steppingClock, type TestDatabase } from './test-database-harness.js';

const T0 = Date.UTC(2025, 2, 3, 4, 5, 6, 789);
const COUNT = 12;

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

describe.each(DATABASE_ENGINES)('exportAuditLog (%s)', (engine) => {
  let test: TestDatabase;
  let stored: AuditEntry[];
  beforeAll(async () => {
    test = await openTestDatabase(engine);
    const log = new AuditLog(test.handle.db, test.handle.dialect, steppingClock(T0, 60_000));
    await appendEntries(log, COUNT - 1);
    await log.append({ actor: 'user:ünïcødé', action: 'exception.created', target: null, details: { reason: 'line\nbreak "quoted"', cve: ['CVE-2024-1'] } });
    stored = (await queryAuditLog(test.handle.db, { order: 'oldest' })).entries;
  });
  afterAll(async () => {
    await test.close();
  });
  const run = (options: Partial<AuditExportOptions> = {}) => collect(exportAuditLog(test.handle.db, { format: 'jsonl', ...options }));

  it('writes one JSON object per line, fields in a fixed order, time in ISO 8601', async () => {
    const lines = await run();
    expect(lines).toHaveLength(COUNT);
    for (const line of lines) expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(Object.keys(JSON.parse(lines[0] ?? ''))).toEqual(['seq', 'time', 'actor', 'action', 'target', 'details', 'prevHash', 'hash']);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ seq: 1, time: '2025-03-03T04:05:06.789Z', prevHash: GENESIS_HASH });
    expect(JSON.parse(lines[COUNT - 1] ?? '')).toMatchObject({ seq: COUNT, time: '2025-03-03T04:16:06.789Z', target: null, details: { reason: 'line\nbreak "quoted"' } });
  });

  it('round-trips: the lines give back the stored entries, and their chain recomputes outside the database', async () => {
    const parsed = (await run()).map((line) => {
      const { time, ...rest } = JSON.parse(line) as Omit<AuditEntry, 'time'> & { time: string };
      return { ...rest, time: Date.parse(time) } as AuditEntry;
    });
    expect(parsed).toEqual(stored);
    let prevHash = GENESIS_HASH;
    for (const entry of parsed) {
      expect(entry.prevHash).toBe(prevHash);
      expect(computeEntryHash(prevHash, entry)).toBe(entry.hash);
      prevHash = entry.hash;
    }
  });

  it('streams in batches without losing or repeating entries at batch boundaries', async () => {
    const all = await run();
    for (const batchSize of [1, 3, 4, COUNT, COUNT + 1]) expect(await run({ batchSize })).toEqual(all);
  });

  it('reads lazily: taking the first lines runs only the queries those lines need', async () => {
    let selects = 0;
    const counting = test.handle.db.withPlugin({
      transformQuery: ({ node }) => {
        if (node.kind === 'SelectQueryNode') selects += 1;
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    const taken: string[] = [];
    for await (const line of exportAuditLog(counting, { format: 'jsonl', batchSize: 2 })) {
      taken.push(line);
      if (taken.length === 3) break;
    }
    expect(selects).toBe(2);
    expect(taken).toEqual((await run()).slice(0, 3));
  });

  it('keeps entries with since ≤ time < until', async () => {
    const seqs = async (options: Partial<AuditExportOptions>) => (await run({ batchSize: 2, ...options })).map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(await seqs({ since: T0 + 3 * 60_000, until: T0 + 7 * 60_000 })).toEqual([4, 5, 6, 7]);
    expect(await seqs({ since: T0 + 11 * 60_000 })).toEqual([12]);
    expect(await seqs({ until: T0 })).toEqual([]);
  });

  it('refuses formats other than jsonl', () => {
    expect(() => exportAuditLog(test.handle.db, { format: 'csv' as 'jsonl' })).toThrow(AuditError);
    expect(() => exportAuditLog(test.handle.db, { format: 'jsonl', batchSize: 0 })).toThrow(/batchSize/);
  });
});
