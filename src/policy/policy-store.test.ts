import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_ENGINES } from '../../test/helpers/test-database.js';
import { manualClock, testDatabase } from './database-harness.js';
import { DEFAULT_ORG_POLICY } from './default-policy.js';
import { NOW } from './evaluation-harness.js';
import { PolicyError } from './policy-error.js';
import { PolicyStore } from './policy-store.js';
import { rejection } from '../../test/helpers/thrown.js';

const orgPolicy = (grace: string, extraRule = '') =>
  `apiVersion: airlock/v1\nkind: Policy\nmetadata:\n  name: org\nspec:\n  gracePeriod: ${grace}\n  rules:\n    - {id: no-critical, deny: {severity: critical}}\n${extraRule}`;
const teamPolicy = (team: string, severity: string) =>
  `apiVersion: airlock/v1\nkind: Policy\nmetadata:\n  name: ${team}\n  team: ${team}\nspec:\n  rules:\n    - {id: strict, deny: {severity: ${severity}}}\n`;


describe.each(DATABASE_ENGINES)('PolicyStore (%s)', (engine) => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  const clock = manualClock(NOW);
  let store: PolicyStore;
  beforeAll(async () => {
    database = await testDatabase(engine);
    store = new PolicyStore(database.db, clock.now);
  });
  afterAll(() => database.cleanup());

  it('seeds the default org policy as version 1 on first read', async () => {
    const current = await store.current();
    expect(current).toMatchObject({ scope: 'org', version: 1, name: 'org', text: DEFAULT_ORG_POLICY, createdBy: 'airlock', createdAt: NOW });
    expect(current.document.spec.rules.map((rule) => rule.id)).toEqual(['no-critical', 'no-fixable-high']);
    expect((await store.history()).map((version) => version.version)).toEqual([1]);
  });

  it('applies new versions, keeps history, and reads any version back', async () => {
    clock.advance(1000);
    const applied = await store.apply(orgPolicy('3d'), 'alice', 1);
    expect(applied).toMatchObject({ scope: 'org', version: 2, createdBy: 'alice', createdAt: NOW + 1000, changed: true });
    expect(applied.document.spec.gracePeriodMs).toBe(3 * 86_400_000);
    expect((await store.current()).version).toBe(2);
    expect((await store.history()).map((version) => [version.version, version.createdBy])).toEqual([
      [2, 'alice'],
      [1, 'airlock'],
    ]);
    expect((await store.version(1)).text).toBe(DEFAULT_ORG_POLICY);
    expect((await store.version(2)).digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not add a version when the text is unchanged', async () => {
    const again = await store.apply(orgPolicy('3d'), 'bob');
    expect(again).toMatchObject({ version: 2, createdBy: 'alice', changed: false });
  });

  it('rejects a stale expected version with CONFLICT naming the current one', async () => {
    const error = await rejection(PolicyError, store.apply(orgPolicy('1d'), 'bob', 1));
    expect(error.code).toBe('CONFLICT');
    expect(error.status).toBe(409);
    expect(error.message).toBe('the org policy is at version 2, not 1: someone applied a change since you read it; review version 2 and apply again');
    expect(error.detail).toEqual({ scope: 'org', currentVersion: 2, expectedVersion: 1 });
  });

  it('lets exactly one of two concurrent applies from the same version win', async () => {
    const results = await Promise.allSettled([
      store.apply(orgPolicy('2d', '    - {id: a, deny: {severity: high}}\n'), 'carol', 2),
      store.apply(orgPolicy('2d', '    - {id: b, deny: {severity: medium}}\n'), 'dave', 2),
    ]);
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as PolicyError] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.code).toBe('CONFLICT');
    expect(lost[0]?.message).toMatch(/^the org policy is at version 3, not 2/);
    expect((await store.current()).version).toBe(3);
  });

  it('rebases an apply without an expected version onto whatever is current', async () => {
    const results = await Promise.all([store.apply(orgPolicy('5d'), 'erin'), store.apply(orgPolicy('6d'), 'frank')]);
    expect(results.map((result) => result.version).sort()).toEqual([4, 5]);
  });

  it('keeps team policies apart, keyed by team', async () => {
    expect(await store.current('payments')).toBeUndefined();
    expect(await store.history('payments')).toEqual([]);
    const first = await store.apply(teamPolicy('payments', 'high'), 'payments-lead', 0);
    expect(first).toMatchObject({ scope: 'team:payments', team: 'payments', version: 1 });
    await store.apply(teamPolicy('search', 'medium'), 'search-lead');
    await store.apply(teamPolicy('payments', 'medium'), 'payments-lead', 1);
    expect((await store.current('payments'))?.document.spec.rules[0]?.body).toEqual({ severity: 'medium' });
    expect((await store.current('search'))?.version).toBe(1);
    expect((await store.current()).scope).toBe('org');
    expect((await rejection(PolicyError, store.version(7, 'payments'))).message).toBe("team payments's policy has no version 7");
  });

  it('refuses invalid documents and anonymous actors without writing', async () => {
    const before = (await store.current()).version;
    expect((await rejection(PolicyError, store.apply('apiVersion: airlock/v1\nkind: Policy\n', 'alice'))).code).toBe('POLICY_INVALID');
    expect((await rejection(PolicyError, store.apply(orgPolicy('1d'), '  '))).code).toBe('POLICY_INVALID');
    expect((await store.current()).version).toBe(before);
    expect((await rejection(PolicyError, store.version(99))).code).toBe('NOT_FOUND');
  });
});
