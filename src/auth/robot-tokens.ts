/**
 * Robot tokens: team-scoped credentials for CI pipelines (`ci`) and clusters
 * (`puller`). The token is `alk_<id>_<secret>`; only a slow hash of the secret
 * is stored, and the whole token is shown once, at creation.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, RobotTokenRow } from '../db/index.js';
import type { Clock } from './clock.js';
import { AuthError } from './errors.js';
import { parseOrThrow } from './identity-store.js';
import { hashSecret } from './password-hash.js';
import { robotRoleSchema, type RobotRole } from './roles.js';

export const ROBOT_TOKEN_PREFIX = 'alk_';
const TOKEN_PATTERN = /^alk_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;

export interface RobotTokenSummary {
  id: string;
  name: string;
  team: string;
  role: RobotRole;
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface CreatedRobotToken extends RobotTokenSummary {
  /** The secret credential; never stored, never shown again. */
  token: string;
}

export function parseRobotToken(token: string): { id: string; secret: string } | undefined {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { id: match[1] as string, secret: match[2] as string } : undefined;
}

export class RobotTokenStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async create(input: { team: string; role: string; name?: string; expiresAt?: number | null; createdBy: string }): Promise<CreatedRobotToken> {
    const role = parseOrThrow(robotRoleSchema, input.role, 'token role');
    const team = await this.db.selectFrom('teams').selectAll().where('name', '=', input.team).executeTakeFirst();
    if (!team) throw new AuthError('NOT_FOUND', `team ${input.team} does not exist`);
    const now = this.clock();
    if (input.expiresAt != null && input.expiresAt <= now) throw new AuthError('INVALID', 'token expiry must be in the future');
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const name = input.name ?? `${team.name}-${role}-${id.slice(0, 6)}`;
    const row: RobotTokenRow = {
      id,
      teamId: team.id,
      name,
      role,
      secretHash: await hashSecret(secret),
      createdBy: input.createdBy,
      createdAt: now,
      expiresAt: input.expiresAt ?? null,
      revokedAt: null,
      lastUsedAt: null,
    };
    await this.db.insertInto('robotTokens').values(row).execute();
    return { ...summarize(row, team.name), token: `${ROBOT_TOKEN_PREFIX}${id}_${secret}` };
  }

  async list(team?: string): Promise<RobotTokenSummary[]> {
    let query = this.db.selectFrom('robotTokens').innerJoin('teams', 'teams.id', 'robotTokens.teamId').selectAll('robotTokens').select('teams.name as teamName');
    if (team) query = query.where('teams.name', '=', team);
    const rows = await query.orderBy('robotTokens.createdAt').execute();
    return rows.map((row) => summarize(row, row.teamName));
  }

  async find(id: string): Promise<(RobotTokenRow & { teamName: string }) | undefined> {
    return this.db
      .selectFrom('robotTokens')
      .innerJoin('teams', 'teams.id', 'robotTokens.teamId')
      .selectAll('robotTokens')
      .select('teams.name as teamName')
      .where('robotTokens.id', '=', id)
      .executeTakeFirst();
  }

  async revoke(id: string): Promise<RobotTokenSummary> {
    const row = await this.find(id);
    if (!row) throw new AuthError('NOT_FOUND', `token ${id} does not exist`);
    if (row.revokedAt === null) {
      const revokedAt = this.clock();
      await this.db.updateTable('robotTokens').set({ revokedAt }).where('id', '=', id).execute();
      row.revokedAt = revokedAt;
    }
    return summarize(row, row.teamName);
  }

  async touch(id: string): Promise<void> {
    await this.db.updateTable('robotTokens').set({ lastUsedAt: this.clock() }).where('id', '=', id).execute();
  }
}

function summarize(row: RobotTokenRow, team: string): RobotTokenSummary {
  return {
    id: row.id,
    name: row.name,
    team,
    role: row.role as RobotRole,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
  };
}
