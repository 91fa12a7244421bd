import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_ENGINES } from '../../test/helpers/test-database.js';
import { manualClock, testDatabase } from './database-harness.js';
import { DAY, NOW } from './evaluation-harness.js';
import { ExceptionStore } from './exception-store.js';
import type { NewException } from './exception.js';
import { PolicyError } from './policy-error.js';
import { rejection } from '../../test/helpers/thrown.js';

const base: NewException = { vulnerability: 'CVE-2024-0001', scope: 'org', reason: 'mitigated by the WAF rule 942100', expiresAt: NOW + 10 * DAY };


describe.each(DATABASE_ENGINES)('ExceptionStore (%s)', (engine) => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  const clock = manualClock(NOW);
  let store: ExceptionStore;
  beforeAll(async () => {
    database = await testDatabase(engine);
    store = new ExceptionStore(database.db, clock.now);
  });
  afterAll(() => database.cleanup());

  it('creates, reads back and lists exceptions with every field', async () => {
    const created = await store.create(
      { ...base, vulnerability: 'CVE-2024-1000', aliases: ['GHSA-1111-2222-3333'], package: 'pkg:npm/minimist', scope: 'team:payments', justification: 'vulnerable_code_not_in_execute_path', source: 'manual' },
      ' security-lead ',
    );
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      vulnerability: 'CVE-2024-1000',
      aliases: ['GHSA-1111-2222-3333'],
      package: 'pkg:npm/minimist',
      scope: 'team:payments',
      reason: base.reason,
      justification: 'vulnerable_code_not_in_execute_path',
      source: 'manual',
      expiresAt: NOW + 10 * DAY,
      createdBy: 'security-lead',
      createdAt: NOW,
    });
    expect(await store.get(created.id)).toEqual(created);
    expect(await store.list({ vulnerability: 'ghsa-1111-2222-3333' })).toEqual([created]);
    expect(await store.list({ scope: 'team:payments' })).toEqual([created]);
    expect(await store.list({ scope: 'team:search' })).toEqual([]);
  });

  it('rejects invalid exceptions with coded issues, writing nothing', async () => {
    const before = (await store.list()).length;
    const error = await rejection(PolicyError, store.createMany([base, { ...base, reason: '', expiresAt: NOW - 1 }], 'security-lead'));
    expect(error.code).toBe('EXCEPTION_INVALID');
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      'invalid exception: [1] reason: say why the vulnerability is accepted; the reason is shown to everyone the exception affects (REQUIRED); [1] expiresAt: the expiry 2025-03-01T11:59:59.999Z is not in the future (EXPIRY_NOT_IN_FUTURE)',
    );
    expect(error.detail).toEqual({
      issues: [
        { index: 1, field: 'reason', code: 'REQUIRED', message: expect.any(String) },
        { index: 1, field: 'expiresAt', code: 'EXPIRY_NOT_IN_FUTURE', message: expect.any(String) },
      ],
    });
    expect((await store.list()).length).toBe(before);
    expect((await rejection(PolicyError, store.create(base, ' '))).code).toBe('EXCEPTION_INVALID');
  });

  it('filters by status as time passes and revocations happen', async () => {
    clock.set(NOW);
    const soon = await store.create({ ...base, vulnerability: 'CVE-2024-2001', expiresAt: NOW + DAY }, 'security-lead');
    const later = await store.create({ ...base, vulnerability: 'CVE-2024-2002', expiresAt: NOW + 20 * DAY }, 'security-lead');
    const revoked = await store.create({ ...base, vulnerability: 'CVE-2024-2003', expiresAt: NOW + 20 * DAY }, 'security-lead');
    clock.advance(60_000);
    expect(await store.revoke(revoked.id, 'ciso')).toEqual({ ...revoked, revokedAt: NOW + 60_000, revokedBy: 'ciso' });
    clock.set(NOW + DAY);
    const ids = async (status: 'active' | 'expired' | 'revoked') => (await store.list({ status })).map((e) => e.vulnerability).filter((v) => v.startsWith('CVE-2024-20'));
    expect(await ids('active')).toEqual(['CVE-2024-2002']);
    expect(await ids('expired')).toEqual(['CVE-2024-2001']);
    expect(await ids('revoked')).toEqual(['CVE-2024-2003']);
    expect((await store.active()).map((e) => e.id)).toContain(later.id);
    expect((await store.active()).map((e) => e.id)).not.toContain(soon.id);
    clock.set(NOW);
  });

  it('revokes once: a second revocation is a CONFLICT naming the first, an unknown id NOT_FOUND', async () => {
    const created = await store.create({ ...base, vulnerability: 'CVE-2024-3000' }, 'security-lead');
    await store.revoke(created.id, 'ciso');
    const again = await rejection(PolicyError, store.revoke(created.id, 'someone-else'));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toBe(`exception ${created.id} was already revoked by ciso at 2025-03-01T12:00:00.000Z`);
    expect((await rejection(PolicyError, store.revoke('00000000-0000-0000-0000-000000000000', 'ciso'))).code).toBe('NOT_FOUND');
    expect((await rejection(PolicyError, store.get('nope'))).code).toBe('NOT_FOUND');
  });

  it('works inside a caller’s transaction: what it writes rolls back with it', async () => {
    const kept = await database.db.transaction().execute((trx) => new ExceptionStore(trx, clock.now).createMany([{ ...base, vulnerability: 'CVE-2024-5001' }], 'security-lead'));
    expect((await store.get(kept[0]?.id ?? '')).vulnerability).toBe('CVE-2024-5001');
    const rollback = new Error('the audit entry failed');
    const failed = database.db.transaction().execute(async (trx) => {
      await new ExceptionStore(trx, clock.now).create({ ...base, vulnerability: 'CVE-2024-5002' }, 'security-lead');
      throw rollback;
    });
    await expect(failed).rejects.toBe(rollback);
    expect(await store.list({ vulnerability: 'CVE-2024-5002' })).toEqual([]);
  });

  it('finds unrevoked exceptions expiring in a window, [from, to)', async () => {
    const at = NOW + 100 * DAY;
    const edge = await store.create({ ...base, vulnerability: 'CVE-2024-4001', expiresAt: at }, 'security-lead');
    const inside = await store.create({ ...base, vulnerability: 'CVE-2024-4002', expiresAt: at + DAY - 1 }, 'security-lead');
    await store.create({ ...base, vulnerability: 'CVE-2024-4003', expiresAt: at + DAY }, 'security-lead');
    const gone = await store.create({ ...base, vulnerability: 'CVE-2024-4004', expiresAt: at + 1 }, 'security-lead');
    await store.revoke(gone.id, 'ciso');
    expect((await store.expiringBetween(at, at + DAY)).map((e) => e.id)).toEqual([edge.id, inside.id]);
  });
});
