import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from './audit-log.js';
import { GENESIS_HASH } from './audit-entry.js';
import { AuditError } from './errors.js';
import { DATABASE_ENGINES, openTestDatabase, steppingClock, type TestDatabase } from './test-database-harness.js';
import { verifyAuditLog } from './verify.js';

const T0 = Date.UTC(2025, 0, 1);
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe.each(DATABASE_ENGINES)('AuditLog (%s)', (engine) => {
  let test: TestDatabase;
  let log: AuditLog;
  beforeEach(async () => {
    test = await openTestDatabase(engine);
    log = new AuditLog(test.handle.db, test.handle.dialect, steppingClock(T0, 1000));
  });
  afterEach(async () => {
    await test.close();
  });
  const stored = () => test.handle.db.selectFrom('auditLog').selectAll().orderBy('seq').execute();

  it('chains entries: seq from 1, prevHash from 64 zeros, hash over prevHash + canonical JSON', async () => {
    const first = await log.append({ actor: 'user:alice', action: 'image.pushed', target: 'quarantine/acme/api@sha256:ab', details: { size: 2, tag: 'v1' } });
    const second = await log.append({ actor: 'system', action: 'image.approved', details: { reasons: [] } });
    // Written out by hand, independent of canonicalJson: keys sorted, no whitespace.
    const firstJson = `{"action":"image.pushed","actor":"user:alice","details":{"size":2,"tag":"v1"},"seq":1,"target":"quarantine/acme/api@sha256:ab","time":${T0}}`;
    expect(first).toEqual({ seq: 1, time: T0, actor: 'user:alice', action: 'image.pushed', target: 'quarantine/acme/api@sha256:ab', details: { size: 2, tag: 'v1' }, prevHash: GENESIS_HASH, hash: sha256(GENESIS_HASH + firstJson) });
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    const secondJson = `{"action":"image.approved","actor":"system","details":{"reasons":[]},"seq":2,"target":null,"time":${T0 + 1000}}`;
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, hash: sha256(first.hash + secondJson), target: null });
    const rows = await stored();
    expect(rows.map((r) => ({ ...r, details: JSON.parse(r.details) as unknown }))).toEqual([first, second]);
  });

  it('stores details as canonical JSON whatever order the caller wrote them in', async () => {
    const entry = await log.append({ actor: 'user:bob', action: 'policy.applied', details: { z: 1, a: { y: true, b: null }, m: undefined } });
    expect((await stored())[0]?.details).toBe('{"a":{"b":null,"y":true},"z":1}');
    expect(entry.details).toEqual({ a: { b: null, y: true }, z: 1 });
  });

  it('200 concurrent appends make one gap-free chain', async () => {
    const appended = await Promise.all(Array.from({ length: 200 }, (_, i) => log.append({ actor: `robot:r${i % 7}`, action: 'image.pushed', details: { i } })));
    expect(appended.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const rows = await stored();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => JSON.parse(r.details).i)).size).toBe(200);
    rows.forEach((row, i) => expect(row.prevHash).toBe(i === 0 ? GENESIS_HASH : rows[i - 1]?.hash));
    expect(await verifyAuditLog(test.handle.db)).toMatchObject({ ok: true, entries: 200 });
  });

  it.runIf(engine === 'postgres')('two connection pools ("replicas") appending at once still make one chain', async () => {
    const replica = await test.openAnother();
    const other = new AuditLog(replica.db, replica.dialect, steppingClock(T0, 1));
    const writes = Array.from({ length: 200 }, (_, i) => (i % 2 ? log : other).append({ actor: 'system', action: 'token.created', details: { i } }));
    await Promise.all(writes);
    expect((await stored()).map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await verifyAuditLog(test.handle.db)).toMatchObject({ ok: true, entries: 200 });
  });

  it('an entry appended in a transaction that rolls back leaves no trace, and the chain goes on from the last kept entry', async () => {
    const kept = await log.append({ actor: 'user:alice', action: 'user.login' });
    const rolledBack = test.handle.db.transaction().execute(async (trx) => {
      await trx.insertInto('teams').values({ id: 't1', name: 'acme', createdAt: T0 }).execute();
      await log.append({ actor: 'user:alice', action: 'team.created', target: 'acme' }, trx);
      throw new Error('the change failed after the entry was written');
    });
    await expect(rolledBack).rejects.toThrow('the change failed');
    expect(await test.handle.db.selectFrom('teams').selectAll().execute()).toEqual([]);
    expect((await stored()).map((r) => r.seq)).toEqual([1]);
    const next = await log.append({ actor: 'user:alice', action: 'user.logout' });
    expect(next).toMatchObject({ seq: 2, prevHash: kept.hash });
  });

  it('an entry appended in a transaction commits with the change it records', async () => {
    await test.handle.db.transaction().execute(async (trx) => {
      await trx.insertInto('teams').values({ id: 't1', name: 'acme', createdAt: T0 }).execute();
      await log.append({ actor: 'user:alice', action: 'team.created', target: 'acme' }, trx);
    });
    expect((await stored()).map((r) => [r.seq, r.action])).toEqual([[1, 'team.created']]);
    // A plain (non-transaction) handle is wrapped in a transaction of its own.
    expect(await log.append({ actor: 'system', action: 'team.checked' }, test.handle.db)).toMatchObject({ seq: 2 });
  });

  it.each([
    ['an empty actor', { actor: '', action: 'image.pushed' }, /actor must be a non-empty string/],
    ['an actor with a newline', { actor: 'user:a\nforged', action: 'image.pushed' }, /actor contains control characters/],
    ['an undotted action', { actor: 'system', action: 'pushed' }, /not a dotted lowercase name/],
    ['an uppercase action', { actor: 'system', action: 'Image.Pushed' }, /not a dotted lowercase name/],
    ['a target with NUL', { actor: 'system', action: 'image.pushed', target: 'a\u0000b' }, /target contains control characters/],
    ['details that are an array', { actor: 'system', action: 'image.pushed', details: [1] as unknown as Record<string, unknown> }, /details must be a JSON object/],
    ['details holding NaN', { actor: 'system', action: 'image.pushed', details: { score: Number.NaN } }, /\$\.score: NaN/],
    ['details over 64 KiB', { actor: 'system', action: 'image.pushed', details: { pad: 'x'.repeat(65_536) } }, /larger than 65536 bytes/],
  ])('refuses %s and records nothing', async (_name, entry, message) => {
    const error = await log.append(entry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect(error).toMatchObject({ code: 'INVALID_ENTRY', status: 400, message: expect.stringMatching(message) });
    expect(await stored()).toEqual([]);
  });

  it('refuses a clock that does not give epoch milliseconds', async () => {
    const broken = new AuditLog(test.handle.db, test.handle.dialect, () => 1.5);
    await expect(broken.append({ actor: 'system', action: 'image.pushed' })).rejects.toMatchObject({ code: 'INVALID_ENTRY' });
    expect(await stored()).toEqual([]);
  });

  it('the table is append-only: UPDATE and DELETE are refused by the database', async () => {
    await log.append({ actor: 'user:alice', action: 'image.pushed', details: { a: 1 } });
    const before = await stored();
    await expect(sql`update audit_log set actor = 'user:mallory'`.execute(test.handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(test.handle.db)).rejects.toThrow(/append-only/);
    if (engine === 'postgres') await expect(sql`truncate audit_log`.execute(test.handle.db)).rejects.toThrow(/append-only/);
    expect(await stored()).toEqual(before);
  });
});
