/** `airlock token create|list|revoke`: robot tokens for CI (`ci`) and clusters (`puller`). */
import type { Command } from 'commander';
import type { ClientFactory } from '../client-factory.js';
import { printObject, printTable } from '../output.js';

export function registerTokens(program: Command, client: ClientFactory): void {
  const token = program.command('token').description('manage robot tokens (team admins: admin or team developer)');
  token
    .command('create')
    .description('create a robot token; the secret is printed once')
    .requiredOption('--team <team>', 'the team the token acts for')
    .requiredOption('--role <role>', 'ci (push to quarantine/<team>/…) or puller (pull approved <team>/… images)')
    .option('--name <name>', 'a label, e.g. the pipeline or cluster name')
    .option('--expires <when>', 'a duration (30d, 12h) or a date (2027-01-31)')
    .action(async (options: { team: string; role: string; name?: string; expires?: string }, command: Command) => {
      const created = await client(command).post<Record<string, unknown>>('/tokens', options);
      printObject(created, command.optsWithGlobals());
    });
  token
    .command('list')
    .description('list robot tokens (secrets are never shown)')
    .option('--team <team>', 'only this team’s tokens')
    .action(async (options: { team?: string }, command: Command) => {
      const query = options.team ? `?team=${encodeURIComponent(options.team)}` : '';
      const { tokens } = await client(command).get<{ tokens: Array<Record<string, unknown>> }>(`/tokens${query}`);
      printTable(tokens, ['id', 'name', 'team', 'role', 'createdBy', 'expiresAt', 'revokedAt', 'lastUsedAt'], command.optsWithGlobals(), tokens);
    });
  token
    .command('revoke <id>')
    .description('revoke a robot token; it stops working at once')
    .action(async (id: string, _options, command: Command) => {
      const revoked = await client(command).delete<Record<string, unknown>>(`/tokens/${encodeURIComponent(id)}`);
      printObject(revoked, command.optsWithGlobals());
    });
}
