/**
 * `airlock scan <target>`: what is in an image and which known vulnerabilities
 * affect it, for CI pipelines (like `trivy image`). Runs without a server: the
 * vulnerability database and the layer cache live under AIRLOCK_DATA_DIR.
 */
import { writeFile } from 'node:fs/promises';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { openDatabase } from '../../db/index.js';
import { parseImageReference } from '../../oci/index.js';
import type { ScanProgress, ScanReport, Severity } from '../../scan/index.js';
import { CliError } from '../api-client.js';
import { credentialsFrom } from '../registry-credentials.js';
import { VERSION } from '../version.js';

interface ScanOptions {
  format: string;
  severity?: string;
  ignoreUnfixed?: boolean;
  exitCode: string;
  output?: string;
  db?: string;
  config?: string;
  dataDir?: string;
  platform?: string;
  creds?: string;
  insecure?: boolean;
  progress: boolean;
  maxFileSize?: string;
}

export function registerScan(program: Command, env: Record<string, string | undefined>): void {
  program
    .command('scan <target>')
    .description('list the packages and known vulnerabilities of an image: a registry reference, oci:<dir>[:tag], docker-archive:<file.tar>, or a root filesystem directory')
    .option('-f, --format <format>', 'table, json, sarif, cyclonedx, spdx, junit or html', 'table')
    .option('--severity <list>', 'only these severities, e.g. critical,high')
    .option('--ignore-unfixed', 'leave out vulnerabilities without a fix')
    .option('--exit-code <n>', 'exit with this code when vulnerabilities remain after the filters', '0')
    .option('-o, --output <file>', 'write the report here instead of standard output')
    .option('--db <url>', 'the database with the vulnerability data and layer cache (SQLite path or postgres:// URL; default under AIRLOCK_DATA_DIR)')
    .option('-c, --config <file>', 'airlock.yaml to read (AIRLOCK_CONFIG)')
    .option('--data-dir <dir>', 'AIRLOCK_DATA_DIR')
    .option('--platform <os/arch>', 'which image of a multi-platform index, e.g. linux/arm64', 'linux/amd64')
    .option('--creds <user:password>', 'registry credentials (default: what skopeo/podman/docker login stored)')
    .option('--insecure', 'talk to the registry over plain HTTP')
    .option('--no-progress', 'no progress bar on stderr')
    .option('--max-file-size <bytes>', 'largest file read whole by a cataloger')
    .action(async (target: string, options: ScanOptions) => {
      // Loaded here, not at start-up: every other command (and `--version`) stays quick.
      const { DbInventoryStore, DbLayerCache, formatNamed, openTarget, parsePlatform, scanImage, filterFindings, SEVERITIES, VulnerabilityDatabase } = await import('../../scan/index.js');
      const format = formatNamed(options.format);
      const severities = parseSeverities(options.severity, SEVERITIES);
      const exitCode = parseExitCode(options.exitCode);
      const overrides: Record<string, unknown> = { ...(options.dataDir ? { dataDir: options.dataDir } : {}), ...(options.db ? { databaseUrl: options.db } : {}) };
      const config = loadConfig({ file: options.config ?? env.AIRLOCK_CONFIG, env, overrides });
      const database = await openDatabase(config.databaseUrl, { poolSize: 2 });
      const progress = new ScanProgressBar(options.progress && process.stderr.isTTY === true);
      let report: ScanReport;
      try {
        const vulnerabilities = new VulnerabilityDatabase(database.db);
        const advisories = (await vulnerabilities.status()).advisories;
        const source = await openTarget(target, {
          platform: parsePlatform(options.platform ?? 'linux/amd64'),
          credentials: registryCredentials(target, options.creds, env),
          insecure: options.insecure,
        });
        try {
          report = await scanImage(source, {
            cache: new DbLayerCache(database.db),
            inventories: new DbInventoryStore(database.db),
            loadIndex: advisories > 0 ? (ecosystems) => vulnerabilities.loadIndex({ ecosystems }) : undefined,
            scannerVersion: VERSION,
            maxFileBytes: options.maxFileSize ? Number(options.maxFileSize) : undefined,
            onProgress: (event) => progress.update(event),
          });
          if (advisories === 0) report.errors.push('the vulnerability database is empty: run `airlock db update` to match vulnerabilities');
        } finally {
          await source.close();
        }
      } finally {
        progress.stop();
        await database.close();
      }
      const shown = { ...report, vulnerabilities: filterFindings(report.vulnerabilities, { severities, ignoreUnfixed: options.ignoreUnfixed === true }) };
      const rendered = format.render(shown, { width: process.stdout.columns ?? 120 });
      if (options.output) await writeFile(options.output, rendered.endsWith('\n') ? rendered : `${rendered}\n`);
      else process.stdout.write(rendered.endsWith('\n') ? rendered : `${rendered}\n`);
      if (shown.vulnerabilities.length > 0 && exitCode !== 0) process.exitCode = exitCode;
    });
}

function registryCredentials(target: string, creds: string | undefined, env: Record<string, string | undefined>) {
  if (/^(oci|docker-archive):/.test(target)) return undefined;
  try {
    const reference = parseImageReference(target.replace(/^docker:\/\//, ''));
    return credentialsFrom(creds, reference.host ?? 'docker.io', env);
  } catch {
    return undefined;
  }
}

function parseSeverities(text: string | undefined, SEVERITIES: readonly Severity[]): Severity[] | undefined {
  if (text === undefined) return undefined;
  const wanted = text.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean);
  const unknown = wanted.filter((item) => !SEVERITIES.includes(item as Severity));
  if (unknown.length > 0) throw new CliError(`--severity: unknown ${unknown.join(', ')}; use ${SEVERITIES.join(', ')}`, 'USAGE', 2);
  return wanted as Severity[];
}

function parseExitCode(text: string): number {
  if (!/^\d{1,3}$/.test(text) || Number(text) > 255) throw new CliError('--exit-code takes a number from 0 to 255', 'USAGE', 2);
  return Number(text);
}

/** A bar over layers on stderr, only on a terminal. */
class ScanProgressBar {
  private bar: SingleBar | undefined;

  constructor(private readonly enabled: boolean) {}

  update(event: ScanProgress): void {
    if (!this.enabled || event.phase !== 'layer') return;
    if (!this.bar) {
      this.bar = new SingleBar({ stream: process.stderr, format: 'layers [{bar}] {value}/{total} {digest}', hideCursor: true }, Presets.shades_classic);
      this.bar.start(event.total, 0, { digest: '' });
    }
    this.bar.update(event.index + 1, { digest: `${event.digest.slice(0, 19)}${event.cached ? ' (cached)' : ''}` });
  }

  stop(): void {
    this.bar?.stop();
  }
}
