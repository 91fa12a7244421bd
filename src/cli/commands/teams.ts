/** `airlock team create|list|add-member|remove-member`. */
import type { Command } from 'commander';
import type { ClientFactory } from '../client-factory.js';
import { printObject, printTable } from '../output.js';

interface TeamSummary {
  name: string;
  createdAt: number;
  members: Array<{ username: string; role: string }>;
}

export function registerTeams(program: Command, client: ClientFactory): void {
  const team = program.command('team').description('manage teams (each owns quarantine/<team>/… and <team>/…)');
  team
    .command('create <name>')
    .description('create a team (admin)')
    .action(async (name: string, _options, command: Command) => {
      const created = await client(command).post<Record<string, unknown>>('/teams', { name });
      printObject(created, command.optsWithGlobals());
    });
  team
    .command('list')
    .description('list teams and their members')
    .action(async (_options, command: Command) => {
      const { teams } = await client(command).get<{ teams: TeamSummary[] }>('/teams');
      const rows = teams.map((t) => ({ name: t.name, members: t.members.map((m) => `${m.username}(${m.role})`), createdAt: t.createdAt }));
      printTable(rows, ['name', 'members', 'createdAt'], command.optsWithGlobals(), teams);
    });
  team
    .command('add-member <team> <username>')
    .description('add a user to a team or change their role (admin)')
    .option('--role <role>', 'developer (push to quarantine) or viewer (pull)', 'developer')
    .action(async (teamName: string, username: string, options: { role: string }, command: Command) => {
      const result = await client(command).put<Record<string, unknown>>(`/teams/${encodeURIComponent(teamName)}/members/${encodeURIComponent(username)}`, { role: options.role });
      printObject(result, command.optsWithGlobals());
    });
  team
    .command('remove-member <team> <username>')
    .description('remove a user from a team (admin)')
    .action(async (teamName: string, username: string, _options, command: Command) => {
      await client(command).delete(`/teams/${encodeURIComponent(teamName)}/members/${encodeURIComponent(username)}`);
      console.log(`removed ${username} from ${teamName}`);
    });
}
