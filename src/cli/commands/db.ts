/**
 * `airlock db update|status`: the vulnerability database, worked on directly in
 * the configured database (no server needed), so it runs from cron or CI.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { openDatabase, type DatabaseHandle } from '../../db/index.js';
import type { UpdateResult, VulnDbStatus } from '../../scan/index.js';
import { printObject, printTable, type OutputOptions } from '../output.js';

interface DatabaseOptions {
  config?: string;
  dataDir?: string;
}

interface UpdateCommandOptions extends DatabaseOptions {
  source?: string[];
  ecosystems?: string;
  baseUrl?: string;
  progress: boolean;
}

/** Invalid records and warnings listed on stderr before "… and N more". */
const MAX_LISTED = 20;

export function registerDb(program: Command, env: Record<string, string | undefined>): void {
  const db = program.command('db').description('the vulnerability database (OSV advisories)');
  withDatabaseOptions(db.command('update'))
    .description("import OSV advisories: osv.dev's per-ecosystem zips (default), or the given URLs, zip files and directories")
    .option('-s, --source <url|zip|dir...>', 'where to import from (repeatable); default: osv.dev for each ecosystem')
    .option('-e, --ecosystems <list>', 'comma-separated ecosystems to import, e.g. npm,PyPI,Debian (Debian selects every Debian:<release>)')
    .option('--base-url <url>', "where per-ecosystem all.zip files are fetched from (default: OSV's public bucket)")
    .option('--no-progress', 'do not draw a progress bar on stderr')
    .action(async (options: UpdateCommandOptions, command: Command) => {
      const output = command.optsWithGlobals<OutputOptions>();
      const { OSV_BUCKET_URL, VulnerabilityDatabase } = await import('../../scan/index.js');
      const ecosystems = options.ecosystems?.split(',').map((name) => name.trim()).filter((name) => name !== '');
      await withDatabase(options, env, async (handle) => {
        const progress = new UpdateProgress(options.progress && process.stderr.isTTY === true);
        let result: UpdateResult;
        try {
          result = await new VulnerabilityDatabase(handle.db).update({
            sources: options.source,
            ecosystems,
            baseUrl: options.baseUrl ?? OSV_BUCKET_URL,
            onSourceOpening: (spec) => progress.opening(spec),
            onSourceStart: (source) => progress.start(source.location, source.total),
            onProgress: (_location, counts) => progress.update(counts.records, counts.total, counts),
          });
        } finally {
          progress.stop();
        }
        printUpdate(result, output);
      });
    });
  withDatabaseOptions(db.command('status'))
    .description('show the imported sources, advisories per ecosystem and the last update')
    .action(async (options: DatabaseOptions, command: Command) => {
      const output = command.optsWithGlobals<OutputOptions>();
      const { VulnerabilityDatabase } = await import('../../scan/index.js');
      await withDatabase(options, env, async (handle) => printStatus(await new VulnerabilityDatabase(handle.db).status(), output));
    });
}

function withDatabaseOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'airlock.yaml to read (AIRLOCK_CONFIG)')
    .option('--data-dir <dir>', 'where the database lives (AIRLOCK_DATA_DIR; AIRLOCK_DATABASE_URL for PostgreSQL)');
}

async function withDatabase(options: DatabaseOptions, env: Record<string, string | undefined>, work: (handle: DatabaseHandle) => Promise<void>): Promise<void> {
  const config = loadConfig({ file: options.config ?? env.AIRLOCK_CONFIG, env, overrides: options.dataDir ? { dataDir: options.dataDir } : {} });
  const handle = await openDatabase(config.databaseUrl, { poolSize: 2 });
  try {
    await work(handle);
  } finally {
    await handle.close();
  }
}

function printUpdate(result: UpdateResult, output: OutputOptions): void {
  if (output.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const rows = result.sources.map((source) => ({ ...source, source: source.notModified ? `${source.location} (not modified)` : source.location }));
  printTable(rows, ['source', 'records', 'added', 'updated', 'unchanged', 'withdrawn', 'invalid', 'skipped'], output);
  const { records, added, updated, unchanged, withdrawn, invalid, skipped } = result.totals;
  console.log(`\n${records} records in ${(result.durationMs / 1000).toFixed(1)} s: ${added} added, ${updated} updated, ${unchanged} unchanged, ${withdrawn} withdrawn, ${invalid} invalid, ${skipped} skipped`);
  const problems = result.sources.flatMap((source) => [
    ...source.invalidRecords.map((record) => `invalid record ${source.location}: ${record.file}: ${record.reason}`),
    ...source.warnings.map((warning) => `warning ${source.location}: ${warning}`),
  ]);
  for (const line of problems.slice(0, MAX_LISTED)) console.error(`airlock: ${line}`);
  const unlisted = result.totals.invalid + result.sources.reduce((sum, source) => sum + source.warnings.length, 0) - Math.min(problems.length, MAX_LISTED);
  if (unlisted > 0) console.error(`airlock: … and ${unlisted} more (see --json)`);
}

function printStatus(status: VulnDbStatus, output: OutputOptions): void {
  if (output.json) {
    console.log(JSON.stringify(status, null, 2));
    return;
  }
  printObject({ advisories: status.advisories, withdrawn: status.withdrawn, lastUpdatedAt: status.lastUpdatedAt, lastCheckedAt: status.lastCheckedAt }, output);
  console.log('');
  if (status.ecosystems.length === 0) console.log('no advisories yet: run `airlock db update`');
  else printTable(status.ecosystems.map((row) => ({ ...row })), ['ecosystem', 'advisories', 'packages'], output);
  if (status.sources.length === 0) return;
  console.log('');
  const sources = status.sources.map((source) => ({ ...source, source: source.location }));
  printTable(sources, ['source', 'kind', 'records', 'added', 'updated', 'withdrawn', 'invalid', 'updatedAt'], output);
}

/** One bar per source on stderr, drawn only on a terminal; a download announces itself first. */
class UpdateProgress {
  private bar: SingleBar | undefined;

  constructor(private readonly enabled: boolean) {}

  opening(spec: string): void {
    if (this.enabled && /^https?:\/\//i.test(spec)) process.stderr.write(`downloading ${spec} …\n`);
  }

  start(location: string, total: number | undefined): void {
    if (!this.enabled) return;
    this.stop();
    this.bar = new SingleBar(
      { stream: process.stderr, format: `{name} [{bar}] {value}/{total} records | {added} added, {updated} updated, {invalid} invalid`, hideCursor: true },
      Presets.shades_classic,
    );
    this.bar.start(total ?? 0, 0, { name: shorten(location), added: 0, updated: 0, invalid: 0 });
  }

  update(value: number, total: number | undefined, counts: { added: number; updated: number; invalid: number }): void {
    if (!this.bar) return;
    if (total !== undefined && total > 0) this.bar.setTotal(total);
    this.bar.update(value, { added: counts.added, updated: counts.updated, invalid: counts.invalid });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

function shorten(location: string): string {
  return location.length <= 40 ? location : `…${location.slice(-39)}`;
}
