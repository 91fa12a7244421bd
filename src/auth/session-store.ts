/**
 * Browser sessions for the dashboard. The cookie carries a random secret; the
 * database keeps only its SHA-256, the user and the CSRF token the browser must
 * echo in a header on every change it asks for.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { Clock } from './clock.js';

export const SESSION_TTL_MS = 12 * 60 * 60_000;

export interface WebSession {
  userId: string;
  csrfToken: string;
  expiresAt: number;
}

export class SessionStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly ttlMs = SESSION_TTL_MS,
  ) {}

  /** @returns the cookie's secret (shown once, never stored) and the session. */
  async create(userId: string): Promise<{ token: string; session: WebSession }> {
    const now = this.clock();
    await this.db.deleteFrom('webSessions').where('expiresAt', '<=', now).execute();
    const token = randomBytes(32).toString('base64url');
    const session = { userId, csrfToken: randomBytes(24).toString('base64url'), expiresAt: now + this.ttlMs };
    await this.db.insertInto('webSessions').values({ idHash: hashOf(token), createdAt: now, ...session }).execute();
    return { token, session };
  }

  async find(token: string): Promise<WebSession | undefined> {
    const row = await this.db.selectFrom('webSessions').select(['userId', 'csrfToken', 'expiresAt']).where('idHash', '=', hashOf(token)).executeTakeFirst();
    if (!row || Number(row.expiresAt) <= this.clock()) return undefined;
    return { userId: row.userId, csrfToken: row.csrfToken, expiresAt: Number(row.expiresAt) };
  }

  async delete(token: string): Promise<void> {
    await this.db.deleteFrom('webSessions').where('idHash', '=', hashOf(token)).execute();
  }
}

/** Constant-time comparison of a presented CSRF token with the session's. */
export function csrfMatches(session: WebSession, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
