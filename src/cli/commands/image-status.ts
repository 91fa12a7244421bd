/**
 * `airlock status <ref>` and `airlock wait <ref>`: where an image stands at the
 * gate. `wait` is for CI: it exits 0 once the image is approved, 3 when it is
 * rejected or revoked, 4 when its scan failed, 124 on timeout — and prints the reasons.
 */
import type { Command } from 'commander';
import { parseDuration } from '../../config/index.js';
import { CliError } from '../api-client.js';
import type { ClientFactory } from '../client-factory.js';
import { printObject, printTable } from '../output.js';

interface Status {
  repository: string;
  digest: string;
  state: string;
  tags: string[];
  reasons: Array<{ rule: string; message: string; vulnerability?: string; package?: string; installedVersion?: string; fixedVersion?: string; platform?: string }>;
  error?: string;
  revokeAt?: string;
}

const EXIT = { approved: 0, rejected: 3, error: 4, timeout: 124 } as const;
const PENDING = new Set(['received', 'scanning']);

export function registerImageStatus(program: Command, client: ClientFactory): void {
  program
    .command('status <ref>')
    .description('show what the gate decided about an image, and why')
    .option('--format <format>', 'table or json', 'table')
    .action(async (ref: string, options: { format: string }, command: Command) => {
      const status = await fetchStatus(client(command), ref);
      if (!status) throw new CliError(`the gate has not seen ${ref}`, 'NOT_FOUND');
      print(status, options.format === 'json' || command.optsWithGlobals<{ json?: boolean }>().json === true);
    });
  program
    .command('wait <ref>')
    .description('wait for the gate’s verdict (for CI): exit 0 when approved, 3 when rejected or revoked, 4 when the scan failed, 124 on timeout')
    .option('--timeout <duration>', 'give up after this long, e.g. 90s or 10m', '10m')
    .option('--interval <duration>', 'how often to ask', '1s')
    .option('--format <format>', 'table or json', 'table')
    .action(async (ref: string, options: { timeout: string; interval: string; format: string }, command: Command) => {
      const timeout = durationOption('--timeout', options.timeout);
      const interval = durationOption('--interval', options.interval);
      const api = client(command);
      const deadline = Date.now() + timeout;
      let status: Status | undefined;
      for (;;) {
        status = await fetchStatus(api, ref);
        if (status && !PENDING.has(status.state)) break;
        if (Date.now() >= deadline) {
          console.error(`airlock: ${ref} is still ${status?.state ?? 'unknown to the gate'} after ${options.timeout}`);
          process.exitCode = EXIT.timeout;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, interval));
      }
      print(status, options.format === 'json' || command.optsWithGlobals<{ json?: boolean }>().json === true);
      process.exitCode = status.state === 'approved' || status.state === 'at-risk' ? EXIT.approved : status.state === 'error' ? EXIT.error : EXIT.rejected;
    });
}

/** undefined when the gate has not seen the image (yet: right after a push it may not be recorded). */
async function fetchStatus(api: ReturnType<ClientFactory>, ref: string): Promise<Status | undefined> {
  try {
    return await api.get<Status>(`/images/status?ref=${encodeURIComponent(ref)}`);
  } catch (error) {
    if (error instanceof CliError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

function print(status: Status, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(status, null, 2));
    return;
  }
  printObject({ repository: status.repository, digest: status.digest, tags: status.tags, state: status.state, ...(status.revokeAt ? { revokeAt: status.revokeAt } : {}), ...(status.error ? { error: status.error } : {}) }, {});
  if (status.reasons.length === 0) return;
  console.log('');
  printTable(
    status.reasons.map((reason) => ({ rule: reason.rule, vulnerability: reason.vulnerability, package: reason.package, installed: reason.installedVersion, fixed: reason.fixedVersion ?? (reason.vulnerability ? 'none' : undefined), message: reason.message })),
    ['rule', 'vulnerability', 'package', 'installed', 'fixed', 'message'],
    {},
  );
}

function durationOption(flag: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new CliError(`${flag}: expected a duration such as 90s or 10m`, 'USAGE', 2);
  return ms;
}
