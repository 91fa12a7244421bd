/**
 * Flushes the page cache's dirty data to disk before a timed section, so one
 * measurement does not pay for the writeback of the one before it (servers
 * that do not fsync leave gigabytes dirty behind them).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function settle(): Promise<void> {
  await run('sync');
}
