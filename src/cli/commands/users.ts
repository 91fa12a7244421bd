/** `airlock user create|list`. */
import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import type { Command } from 'commander';
import { CliError } from '../api-client.js';
import type { ClientFactory } from '../client-factory.js';
import { printObject, printTable } from '../output.js';

interface UserSummary {
  username: string;
  role: string;
  createdAt: number;
  disabled: boolean;
  teams: Array<{ team: string; role: string }>;
}

export function registerUsers(program: Command, client: ClientFactory): void {
  const user = program.command('user').description('manage users (admin)');
  user
    .command('create <username>')
    .description('create a user; prints a generated password unless --password-stdin is given')
    .option('--role <role>', 'organisation role: admin, security, developer or viewer', 'developer')
    .option('--team <team:role...>', 'team memberships, e.g. --team payments:developer')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, options: { role: string; team?: string[]; passwordStdin?: boolean }, command: Command) => {
      const generated = options.passwordStdin ? undefined : randomBytes(18).toString('base64url');
      const password = generated ?? (await text(process.stdin)).replace(/\r?\n$/, '');
      const teams = (options.team ?? []).map(parseMembership);
      const created = await client(command).post<Record<string, unknown>>('/users', { username, password, role: options.role, teams });
      printObject(generated ? { ...created, password: generated } : created, command.optsWithGlobals());
    });
  user
    .command('list')
    .description('list users, their roles and teams')
    .action(async (_options, command: Command) => {
      const { users } = await client(command).get<{ users: UserSummary[] }>('/users');
      const rows = users.map((u) => ({ ...u, teams: u.teams.map((t) => `${t.team}:${t.role}`) }));
      printTable(rows, ['username', 'role', 'teams', 'disabled', 'createdAt'], command.optsWithGlobals(), users);
    });
}

function parseMembership(value: string): { team: string; role: string } {
  const [team, role = 'developer', ...rest] = value.split(':');
  if (!team || rest.length > 0) throw new CliError(`--team expects <team>[:developer|viewer], not "${value}"`, 'USAGE', 2);
  return { team, role };
}
