/**
 * `airlock audit list|verify|export`: the hash-chained audit trail. `verify`
 * exits 0 when the chain is intact and 1 naming the first bad entry; `export`
 * streams JSON Lines to stdout or a file, however long the trail is.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { parseDuration } from '../../config/index.js';
import { CliError } from '../api-client.js';
import type { ClientFactory } from '../client-factory.js';
import { printObject, printTable } from '../output.js';

interface Verification {
  ok: boolean;
  entries: number;
  head: { seq: number; hash: string } | null;
  firstBad?: { seq: number; reason: string; message: string };
}

interface AuditPage {
  entries: Array<{ seq: number; time: number; actor: string; action: string; target: string | null; details: Record<string, unknown> }>;
  nextCursor: number | null;
}

interface ListOptions {
  actor?: string;
  action?: string;
  target?: string;
  since?: string;
  until?: string;
  order?: string;
  limit: string;
  cursor?: string;
}

export function registerAudit(program: Command, client: ClientFactory): void {
  const audit = program.command('audit').description('read, verify and export the audit trail (admin, security, viewer)');
  audit
    .command('list')
    .description('audit entries, newest first')
    .option('--actor <actor>', 'exactly this actor, e.g. user:alice')
    .option('--action <action>', 'an action or a family of them, e.g. webhook or webhook.created')
    .option('--target <prefix>', 'targets starting with this text')
    .option('--since <when>', 'from this time: a date (2026-01-31T12:00:00Z) or a duration back from now (24h)')
    .option('--until <when>', 'before this time: a date or a duration back from now')
    .option('--order <order>', 'newest or oldest first')
    .option('--limit <n>', 'entries per page (1–1000)', '100')
    .option('--cursor <seq>', 'continue where the previous page ended')
    .action(async (options: ListOptions, command: Command) => {
      const query = new URLSearchParams({ limit: options.limit });
      for (const key of ['actor', 'action', 'target', 'order', 'cursor'] as const) {
        const value = options[key];
        if (value !== undefined) query.set(key, value);
      }
      if (options.since) query.set('since', pointInTime('--since', options.since));
      if (options.until) query.set('until', pointInTime('--until', options.until));
      const page = await client(command).get<AuditPage>(`/audit?${query.toString()}`);
      const globals = command.optsWithGlobals<{ json?: boolean }>();
      const rows = page.entries.map((entry) => ({ ...entry, time: new Date(entry.time).toISOString() }));
      printTable(rows, ['seq', 'time', 'actor', 'action', 'target', 'details'], globals, page);
      if (page.nextCursor !== null && !globals.json) console.error(`more entries: add --cursor ${page.nextCursor}`);
    });
  audit
    .command('verify')
    .description('check every link of the hash chain: exit 0 when intact, 1 naming the first bad entry')
    .action(async (_options, command: Command) => {
      const result = await client(command).get<Verification>('/audit/verify');
      const globals = command.optsWithGlobals<{ json?: boolean }>();
      if (globals.json) printObject({ ...result }, globals);
      else if (result.ok) console.log(`audit trail intact: ${result.entries} entries${result.head ? `, head ${result.head.seq} ${result.head.hash}` : ''}`);
      if (result.ok) return;
      const bad = result.firstBad;
      console.error(`airlock: audit trail broken at entry ${bad?.seq ?? '?'} (${bad?.reason ?? 'unknown'}): ${bad?.message ?? 'no detail'}; ${result.entries} entries before it are intact`);
      process.exitCode = 1;
    });
  audit
    .command('export')
    .description('stream the trail as JSON Lines (for a SIEM), oldest first')
    .option('--format <format>', 'jsonl', 'jsonl')
    .option('--since <when>', 'from this time: a date or a duration back from now (7d)')
    .option('--until <when>', 'before this time: a date or a duration back from now')
    .option('--output <file>', 'write to this file instead of standard output')
    .action(async (options: { format: string; since?: string; until?: string; output?: string }, command: Command) => {
      const query = new URLSearchParams({ format: options.format });
      if (options.since) query.set('since', pointInTime('--since', options.since));
      if (options.until) query.set('until', pointInTime('--until', options.until));
      const body = await client(command).stream(`/audit/export?${query.toString()}`);
      await pipeline(Readable.fromWeb(body), options.output ? createWriteStream(options.output) : process.stdout);
    });
}

/** A duration (24h, 7d) means that long ago; anything else is passed on as a date for the server to check. */
function pointInTime(flag: string, value: string): string {
  const duration = parseDuration(value);
  if (duration !== undefined) return new Date(Date.now() - duration).toISOString();
  if (value.trim() === '') throw new CliError(`${flag}: give a date such as 2026-01-31 or a duration such as 24h`, 'USAGE', 2);
  return value;
}
