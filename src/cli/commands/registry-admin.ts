/** `airlock promote` and `airlock gc`: admin operations on the registry of a running server. */
import type { Command } from 'commander';
import type { ClientFactory } from '../client-factory.js';
import { printObject } from '../output.js';

export function registerRegistryAdmin(program: Command, client: ClientFactory): void {
  program
    .command('promote <quarantine-ref>')
    .description('approve an image by hand (admin): quarantine/<team>/<name>:<tag> becomes <team>/<name>:<tag>, same digest')
    .option('--tag <tag>', 'tag in the approved repository (default: the source tag)')
    .action(async (source: string, options: { tag?: string }, command: Command) => {
      const result = await client(command).post<Record<string, unknown>>('/promotions', { source, ...options });
      printObject(result, command.optsWithGlobals());
    });
  program
    .command('gc')
    .description('delete blobs no manifest references, stale uploads and stray files (admin; safe while pushes run)')
    .option('--dry-run', 'report what would be deleted without deleting')
    .action(async (options: { dryRun?: boolean }, command: Command) => {
      const report = await client(command).post<Record<string, unknown>>('/gc', { dryRun: options.dryRun === true });
      printObject(report, command.optsWithGlobals());
    });
}
