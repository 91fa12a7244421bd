/** Users, teams and memberships in the database. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database, TeamRow, UserRow } from '../db/index.js';
import type { Clock } from './clock.js';
import { AuthError } from './errors.js';
import { hashSecret } from './password-hash.js';
import type { UserPrincipal } from './principal.js';
import { orgRoleSchema, passwordSchema, teamNameSchema, teamRoleSchema, usernameSchema, type OrgRole, type TeamRole } from './roles.js';

export interface TeamSummary {
  name: string;
  createdAt: number;
  members: Array<{ username: string; role: TeamRole }>;
}

export interface UserSummary {
  username: string;
  role: OrgRole;
  createdAt: number;
  disabled: boolean;
  teams: Array<{ team: string; role: TeamRole }>;
}

export class IdentityStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async createTeam(name: string): Promise<TeamRow> {
    const valid = parseOrThrow(teamNameSchema, name, 'team name');
    const row = { id: randomUUID(), name: valid, createdAt: this.clock() };
    const inserted = await this.db.insertInto('teams').values(row).onConflict((c) => c.column('name').doNothing()).returningAll().executeTakeFirst();
    if (!inserted) throw new AuthError('CONFLICT', `team ${valid} already exists`);
    return inserted;
  }

  async getTeam(name: string): Promise<TeamRow> {
    const team = await this.db.selectFrom('teams').selectAll().where('name', '=', name).executeTakeFirst();
    if (!team) throw new AuthError('NOT_FOUND', `team ${name} does not exist; create it with: airlock team create ${name}`);
    return team;
  }

  async teamExists(name: string): Promise<boolean> {
    return (await this.db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst()) !== undefined;
  }

  async listTeams(): Promise<TeamSummary[]> {
    const teams = await this.db.selectFrom('teams').selectAll().orderBy('name').execute();
    const members = await this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.userId')
      .select(['memberships.teamId', 'users.username', 'memberships.role'])
      .orderBy('users.username')
      .execute();
    return teams.map((team) => ({
      name: team.name,
      createdAt: team.createdAt,
      members: members.filter((m) => m.teamId === team.id).map((m) => ({ username: m.username, role: m.role as TeamRole })),
    }));
  }

  async createUser(input: { username: string; password: string; role: string }): Promise<UserRow> {
    const username = parseOrThrow(usernameSchema, input.username, 'username');
    const password = parseOrThrow(passwordSchema, input.password, 'password');
    const role = parseOrThrow(orgRoleSchema, input.role, 'role');
    const row = { id: randomUUID(), username, passwordHash: await hashSecret(password), role, createdAt: this.clock(), disabledAt: null };
    const inserted = await this.db.insertInto('users').values(row).onConflict((c) => c.column('username').doNothing()).returningAll().executeTakeFirst();
    if (!inserted) throw new AuthError('CONFLICT', `user ${username} already exists`);
    return inserted;
  }

  async findUser(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  async findUserById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listUsers(): Promise<UserSummary[]> {
    const users = await this.db.selectFrom('users').selectAll().orderBy('username').execute();
    const memberships = await this.db
      .selectFrom('memberships')
      .innerJoin('teams', 'teams.id', 'memberships.teamId')
      .select(['memberships.userId', 'teams.name', 'memberships.role'])
      .orderBy('teams.name')
      .execute();
    return users.map((user) => ({
      username: user.username,
      role: user.role as OrgRole,
      createdAt: user.createdAt,
      disabled: user.disabledAt !== null,
      teams: memberships.filter((m) => m.userId === user.id).map((m) => ({ team: m.name, role: m.role as TeamRole })),
    }));
  }

  async setMembership(teamName: string, username: string, role: string): Promise<void> {
    const teamRole = parseOrThrow(teamRoleSchema, role, 'team role');
    const team = await this.getTeam(teamName);
    const user = await this.findUser(username);
    if (!user) throw new AuthError('NOT_FOUND', `user ${username} does not exist`);
    await this.db
      .insertInto('memberships')
      .values({ teamId: team.id, userId: user.id, role: teamRole, createdAt: this.clock() })
      .onConflict((c) => c.columns(['teamId', 'userId']).doUpdateSet({ role: teamRole }))
      .execute();
  }

  async removeMembership(teamName: string, username: string): Promise<void> {
    const team = await this.getTeam(teamName);
    const user = await this.findUser(username);
    if (!user) throw new AuthError('NOT_FOUND', `user ${username} does not exist`);
    await this.db.deleteFrom('memberships').where('teamId', '=', team.id).where('userId', '=', user.id).execute();
  }

  async userPrincipal(user: UserRow): Promise<UserPrincipal> {
    const rows = await this.db
      .selectFrom('memberships')
      .innerJoin('teams', 'teams.id', 'memberships.teamId')
      .select(['teams.name', 'memberships.role'])
      .where('memberships.userId', '=', user.id)
      .execute();
    return {
      kind: 'user',
      id: user.id,
      username: user.username,
      role: user.role as OrgRole,
      teams: new Map(rows.map((row) => [row.name, row.role as TeamRole])),
    };
  }

  /** First start: create `admin` unless an admin exists. @returns true when it was created. */
  async ensureAdmin(password: string): Promise<boolean> {
    const existing = await this.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirst();
    if (existing) return false;
    try {
      await this.createUser({ username: 'admin', password, role: 'admin' });
      return true;
    } catch (error) {
      // Another replica created it at the same moment.
      if (error instanceof AuthError && error.code === 'CONFLICT') return false;
      throw error;
    }
  }
}

export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AuthError('INVALID', `invalid ${what}: ${result.error.issues[0]?.message ?? 'not allowed'}`);
}
