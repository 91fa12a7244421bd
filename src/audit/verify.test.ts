import { sql, ValueNode } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from './audit-log.js';
import { computeEntryHash } from './audit-entry.js';
import { allowTampering, appendEntries, DATABASE_ENGINES, openTestDatabase, steppingClock, type TestDatabase } from './test-database-harness.js';
import { verifyAuditLog } from './verify.js';

/** Every tamper test starts from a fresh, intact 10-entry log whose append-only triggers are gone. */
describe.each(DATABASE_ENGINES)('verifyAuditLog (%s)', (engine) => {
  let test: TestDatabase;
  let log: AuditLog;
  beforeEach(async () => {
    test = await openTestDatabase(engine);
    log = new AuditLog(test.handle.db, test.handle.dialect, steppingClock());
    await appendEntries(log, 10);
    await allowTampering(test.handle);
  });
  afterEach(async () => {
    await test.close();
  });
  const run = (text: string) => sql.raw(text).execute(test.handle.db);
  const verify = (batchSize?: number) => verifyAuditLog(test.handle.db, { batchSize });
  const row = (seq: number) => test.handle.db.selectFrom('auditLog').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();

  it('passes an intact log, in any batch size, and reports its head', async () => {
    const last = await row(10);
    for (const batchSize of [1, 3, 5, 10, 500]) {
      expect(await verify(batchSize)).toEqual({ ok: true, entries: 10, head: { seq: 10, hash: last.hash } });
    }
    expect(await verifyAuditLog(test.handle.db, { anchor: { seq: 4, hash: (await row(4)).hash } })).toMatchObject({ ok: true });
  });

  it('reads the log in batches of the given size, not all at once', async () => {
    const limits: number[] = [];
    const counting = test.handle.db.withPlugin({
      transformQuery: ({ node }) => {
        if (node.kind === 'SelectQueryNode' && node.limit) limits.push(ValueNode.is(node.limit.limit) ? Number(node.limit.limit.value) : -1);
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    expect(await verifyAuditLog(counting, { batchSize: 3 })).toMatchObject({ ok: true, entries: 10 });
    expect(limits).toEqual([3, 3, 3, 3]);
  });

  it('passes an empty log', async () => {
    const empty = await openTestDatabase(engine);
    try {
      expect(await verifyAuditLog(empty.handle.db)).toEqual({ ok: true, entries: 0, head: null });
    } finally {
      await empty.close();
    }
  });

  it.each([
    ['details', `update audit_log set details = '{"i":500}' where seq = 5`],
    ['actor', `update audit_log set actor = 'user:mallory' where seq = 5`],
    ['action', `update audit_log set action = 'image.rejected' where seq = 5`],
    ['target', `update audit_log set target = null where seq = 5`],
    ['time', `update audit_log set time = time + 1 where seq = 5`],
  ])('a modified %s fails as a hash mismatch at that entry', async (_column, statement) => {
    await run(statement);
    expect(await verify(3)).toMatchObject({ ok: false, entries: 4, head: { seq: 4 }, firstBad: { seq: 5, reason: 'hash-mismatch' } });
  });

  it('a deleted entry fails as missing, naming it, across a batch boundary too', async () => {
    await run('delete from audit_log where seq = 4');
    const result = await verify(3);
    expect(result).toMatchObject({ ok: false, entries: 3, firstBad: { seq: 4, reason: 'missing', message: 'entry 4 is missing: the log goes from 3 to 5' } });
  });

  it('deleted runs of entries, and a deleted first entry, are named', async () => {
    await run('delete from audit_log where seq between 6 and 8');
    expect((await verify()).firstBad).toMatchObject({ seq: 6, reason: 'missing', message: 'entries 6–8 are missing: the log goes from 5 to 9' });
    await run('delete from audit_log where seq = 1');
    expect((await verify()).firstBad).toMatchObject({ seq: 1, reason: 'missing' });
  });

  it('a deleted entry with the later ones renumbered to hide the gap fails at the renumbered entry', async () => {
    await run('delete from audit_log where seq = 4');
    await run('update audit_log set seq = seq + 100 where seq > 4');
    await run('update audit_log set seq = seq - 101 where seq > 100');
    expect((await verify()).firstBad).toMatchObject({ seq: 4, reason: 'broken-link' });
  });

  it('two rows with their contents swapped fail at the first of them', async () => {
    const columns = ['time', 'actor', 'action', 'target', 'details', 'prev_hash', 'hash'];
    const set = (seq: number) => columns.map((c) => `${c} = (select ${c} from audit_log_copy where seq = ${seq})`).join(', ');
    await run('create table audit_log_copy as select * from audit_log');
    await run(`update audit_log set hash = 'moving' where seq = 7`); // hash is unique: make room first
    await run(`update audit_log set ${set(7)} where seq = 3`);
    await run(`update audit_log set ${set(3)} where seq = 7`);
    expect(await verify()).toMatchObject({ ok: false, entries: 2, firstBad: { seq: 3, reason: 'broken-link' } });
  });

  it('two entries reordered by swapping their sequence numbers fail at the first of them', async () => {
    await run('update audit_log set seq = 100 where seq = 3');
    await run('update audit_log set seq = 3 where seq = 7');
    await run('update audit_log set seq = 7 where seq = 100');
    expect((await verify()).firstBad).toMatchObject({ seq: 3, reason: 'broken-link' });
  });

  it('two entries with their fields (not hashes) swapped fail as a hash mismatch at the first', async () => {
    await run(`update audit_log set details = '{"i":7}' where seq = 3`);
    await run(`update audit_log set details = '{"i":3}' where seq = 7`);
    expect((await verify()).firstBad).toMatchObject({ seq: 3, reason: 'hash-mismatch' });
  });

  it('a changed hash fails at that entry, even when the next entry is relinked to it', async () => {
    const forged = 'f'.repeat(64);
    await run(`update audit_log set hash = '${forged}' where seq = 6`);
    expect((await verify()).firstBad).toMatchObject({ seq: 6, reason: 'hash-mismatch' });
    await run(`update audit_log set prev_hash = '${forged}' where seq = 7`);
    expect((await verify()).firstBad).toMatchObject({ seq: 6, reason: 'hash-mismatch' });
  });

  it('a forged row added at the end fails at that row', async () => {
    const last = await row(10);
    await run(`insert into audit_log (seq, time, actor, action, target, details, prev_hash, hash)
      values (11, ${last.time + 1}, 'user:mallory', 'image.approved', 'acme/api', '{}', '${last.hash}', '${'e'.repeat(64)}')`);
    expect(await verify()).toMatchObject({ ok: false, entries: 10, firstBad: { seq: 11, reason: 'hash-mismatch' } });
  });

  it('a well-forged row put in the middle (later entries renumbered) is named as inserted', async () => {
    const fourth = await row(4);
    const fields = { seq: 5, time: fourth.time + 1, actor: 'user:mallory', action: 'exception.created', target: 'acme/api', details: {} };
    await run('update audit_log set seq = seq + 100 where seq >= 5');
    await run('update audit_log set seq = seq - 99 where seq > 100');
    await test.handle.db
      .insertInto('auditLog')
      .values({ ...fields, details: '{}', prevHash: fourth.hash, hash: computeEntryHash(fourth.hash, fields) })
      .execute();
    expect((await verify()).firstBad).toMatchObject({ seq: 5, reason: 'inserted', message: 'entry 5 was inserted: entry 6 links to entry 4' });
  });

  it('a chain not starting at the genesis hash fails at entry 1', async () => {
    await run(`update audit_log set prev_hash = '${'1'.repeat(64)}' where seq = 1`);
    expect((await verify()).firstBad).toMatchObject({ seq: 1, reason: 'broken-link' });
  });

  it('a row numbered below 1, once the check constraint is out of the way, fails as an unexpected seq', async () => {
    await run(engine === 'postgres' ? 'alter table audit_log drop constraint audit_log_seq_check' : 'pragma ignore_check_constraints = on');
    const first = await row(1);
    await run(`insert into audit_log (seq, time, actor, action, target, details, prev_hash, hash)
      values (0, ${first.time - 1}, 'user:mallory', 'image.approved', null, '{}', '${'0'.repeat(64)}', '${'d'.repeat(64)}')`);
    expect(await verify()).toMatchObject({ ok: false, entries: 0, head: null, firstBad: { seq: 0, reason: 'unexpected-seq' } });
  });

  it('details that are not JSON fail as malformed', async () => {
    await run(`update audit_log set details = '{"i":' where seq = 8`);
    expect((await verify()).firstBad).toMatchObject({ seq: 8, reason: 'malformed' });
  });

  it('entries cut off the end pass the chain check but fail against an anchor recorded before', async () => {
    const { head } = await verify();
    await run('delete from audit_log where seq >= 9');
    expect(await verify()).toMatchObject({ ok: true, entries: 8 });
    expect(await verifyAuditLog(test.handle.db, { anchor: head ?? undefined })).toMatchObject({ ok: false, firstBad: { seq: 10, reason: 'anchor-mismatch' } });
  });
});
