/** `airlock webhook create|list|deliveries|activate|deactivate|delete`: webhook subscriptions and their delivery log. */
import { text } from 'node:stream/consumers';
import type { Command } from 'commander';
import { CliError } from '../api-client.js';
import type { ClientFactory } from '../client-factory.js';
import { printObject, printTable } from '../output.js';

interface CreateOptions {
  url: string;
  secret?: string;
  secretStdin?: boolean;
  types?: string;
  team?: string[];
}

interface DeliveryPage {
  deliveries: Array<Record<string, unknown>>;
  nextCursor: string | null;
}

const WEBHOOK_COLUMNS = ['id', 'url', 'types', 'teams', 'active', 'createdBy', 'createdAt'] as const;

export function registerWebhooks(program: Command, client: ClientFactory): void {
  const webhook = program.command('webhook').description('manage webhook subscriptions (admin, security, or a developer for their own teams)');
  webhook
    .command('create')
    .description('deliver events to a URL as signed CloudEvents')
    .requiredOption('--url <url>', 'the receiver, e.g. https://hooks.example.com/airlock')
    .option('--secret <secret>', 'HMAC key for X-Airlock-Signature, at least 16 characters (or --secret-stdin)')
    .option('--secret-stdin', 'read the secret from standard input (keeps it out of the process list)')
    .option('--types <types>', 'only these event types, comma-separated, e.g. image.approved,image.rejected')
    .option('--team <team...>', 'only events of these teams (developers must name their teams)')
    .action(async (options: CreateOptions, command: Command) => {
      const secret = options.secretStdin ? (await text(process.stdin)).replace(/\r?\n$/, '') : options.secret;
      if (!secret) throw new CliError('give the signing secret with --secret or --secret-stdin', 'USAGE', 2);
      const types = splitList(options.types);
      const teams = (options.team ?? []).flatMap((team) => splitList(team) ?? []);
      const body = { url: options.url, secret, ...(types ? { types } : {}), ...(teams.length > 0 ? { teams } : {}) };
      const created = await client(command).post<Record<string, unknown>>('/webhooks', body);
      printObject(created, command.optsWithGlobals());
    });
  webhook
    .command('list')
    .description('list the subscriptions you may see (secrets are never shown)')
    .action(async (_options, command: Command) => {
      const { webhooks } = await client(command).get<{ webhooks: Array<Record<string, unknown>> }>('/webhooks');
      printTable(webhooks, WEBHOOK_COLUMNS, command.optsWithGlobals(), webhooks);
    });
  webhook
    .command('deliveries <id>')
    .description('the delivery log of a subscription, newest first')
    .option('--status <status>', 'pending, failed, delivered or dead')
    .option('--limit <n>', 'deliveries per page (1–500)', '50')
    .option('--cursor <cursor>', 'continue where the previous page ended')
    .action(async (id: string, options: { status?: string; limit: string; cursor?: string }, command: Command) => {
      const query = new URLSearchParams({ limit: options.limit });
      if (options.status) query.set('status', options.status);
      if (options.cursor) query.set('cursor', options.cursor);
      const page = await client(command).get<DeliveryPage>(`/webhooks/${encodeURIComponent(id)}/deliveries?${query.toString()}`);
      const globals = command.optsWithGlobals<{ json?: boolean }>();
      printTable(page.deliveries, ['id', 'eventType', 'status', 'attempts', 'lastResponseStatus', 'lastError', 'createdAt', 'deliveredAt'], globals, page);
      if (page.nextCursor && !globals.json) console.error(`more deliveries: add --cursor ${page.nextCursor}`);
    });
  for (const change of ['activate', 'deactivate'] as const) {
    webhook
      .command(`${change} <id>`)
      .description(change === 'activate' ? 'resume deliveries' : 'pause deliveries; pending ones wait')
      .action(async (id: string, _options, command: Command) => {
        const changed = await client(command).post<Record<string, unknown>>(`/webhooks/${encodeURIComponent(id)}/${change}`, {});
        printObject(changed, command.optsWithGlobals());
      });
  }
  webhook
    .command('delete <id>')
    .description('delete a subscription and its delivery log')
    .action(async (id: string, _options, command: Command) => {
      await client(command).delete(`/webhooks/${encodeURIComponent(id)}`);
      printObject({ deleted: id }, command.optsWithGlobals());
    });
}

function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
