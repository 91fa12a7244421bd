import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { maintainSqlite } from './sqlite-maintenance.js';

describe('maintainSqlite', () => {
  afterEach(() => vi.useRealTimers());

  it('writes the planner statistics of a database that never had them when it starts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'airlock-optimize-'));
    const database = new SQLite(path.join(dir, 'a.db'));
    try {
      database.exec('create table t (id integer primary key, state text not null); create index t_state on t (state)');
      const insert = database.prepare('insert into t (state) values (?)');
      database.transaction(() => {
        for (let i = 0; i < 2000; i++) insert.run(i % 3 === 0 ? 'rejected' : 'approved');
      })();
      const maintenance = maintainSqlite(database);
      expect(database.prepare("select stat from sqlite_stat1 where idx = 't_state'").get()).toEqual({ stat: expect.stringMatching(/^2000 \d+$/) });
      maintenance.stop();
    } finally {
      database.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs again every interval and before closing, and reports a failed run instead of throwing', () => {
    vi.useFakeTimers();
    const pragma = vi.fn((text: string) => {
      if (text === 'optimize' && pragma.mock.calls.length === 2) throw new Error('database is locked');
      return [];
    });
    const errors: unknown[] = [];
    const maintenance = maintainSqlite({ pragma, open: true } as unknown as SQLite.Database, { intervalMs: 1000, onError: (error) => errors.push(error) });
    expect(pragma.mock.calls).toEqual([['optimize=0x10002']]);
    vi.advanceTimersByTime(2000);
    expect(pragma.mock.calls).toEqual([['optimize=0x10002'], ['optimize'], ['optimize']]);
    expect(errors).toEqual([new Error('database is locked')]);
    maintenance.stop();
    vi.advanceTimersByTime(5000);
    expect(pragma).toHaveBeenCalledTimes(4);
  });
});
