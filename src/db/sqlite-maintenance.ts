/**
 * Keeps SQLite's query planner informed. Without statistics (sqlite_stat1,
 * written by ANALYZE) the planner guesses how many rows each index condition
 * yields, and may walk thousands of rows through the wrong index. SQLite's
 * advice for long-lived connections (https://sqlite.org/pragma.html#pragma_optimize):
 * `PRAGMA optimize=0x10002` when the connection opens, `PRAGMA optimize`
 * periodically, and once more before closing. Each run analyses only tables
 * whose statistics are missing or stale, and since SQLite 3.46 reads a bounded
 * sample of each index (an automatic analysis_limit), so it costs milliseconds.
 * PostgreSQL needs none of this: autovacuum keeps its statistics.
 */
import type SQLite from 'better-sqlite3';

/** Once an hour: a fleet grows by pushes and verdicts, not by the second. */
export const SQLITE_OPTIMIZE_INTERVAL_MS = 3_600_000;

export interface SqliteMaintenanceOptions {
  intervalMs?: number;
  /** A failed run (the database busy beyond busy_timeout) is retried at the next interval; this hears about it. */
  onError?: (error: unknown) => void;
}

export interface SqliteMaintenance {
  /** Stops the periodic runs and runs once more, before the connection closes. */
  stop(): void;
}

export function maintainSqlite(database: SQLite.Database, options: SqliteMaintenanceOptions = {}): SqliteMaintenance {
  const onError = options.onError ?? ((error: unknown) => process.emitWarning(`SQLite PRAGMA optimize failed: ${(error as Error).message}`));
  const optimize = (pragma: string) => {
    try {
      database.pragma(pragma);
    } catch (error) {
      onError(error);
    }
  };
  // 0x10002: check every table, not only those this connection has queried yet (it has queried none).
  optimize('optimize=0x10002');
  const timer = setInterval(() => optimize('optimize'), options.intervalMs ?? SQLITE_OPTIMIZE_INTERVAL_MS);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      if (database.open) optimize('optimize');
    },
  };
}
