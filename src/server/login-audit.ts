/**
 * Turns registry logins into audit entries. `docker login` and every later
 * pull exchange credentials at /auth/token; a user's successful logins are
 * recorded once per address per window so the trail says who signed in from
 * where without one entry per pull. Robot tokens (CI, clusters) log in on every
 * pull: only their failures are kept. Every failure is kept (the login throttle
 * bounds how many there can be).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AuditLog } from '../audit/index.js';
import { auditActor } from '../auth/index.js';
import type { LoginAttempt } from '../registry/index.js';

const MAX_REMEMBERED = 10_000;

export function loginAuditor(auditLog: AuditLog, clock: () => number, log: FastifyBaseLogger, windowMs = 15 * 60_000): (attempt: LoginAttempt) => void {
  const lastRecorded = new Map<string, number>();
  return (attempt) => {
    const entry = toEntry(attempt);
    if (!entry) return;
    if (attempt.outcome === 'success') {
      const key = `${entry.actor}|${attempt.ip}`;
      const now = clock();
      const last = lastRecorded.get(key);
      if (last !== undefined && now - last < windowMs) return;
      if (lastRecorded.size >= MAX_REMEMBERED) lastRecorded.clear();
      lastRecorded.set(key, now);
    }
    auditLog.append(entry).catch((error: unknown) => log.error({ err: error, action: entry.action }, 'could not record a login in the audit trail'));
  };
}

function toEntry(attempt: LoginAttempt): { actor: string; action: string; target: string; details: Record<string, unknown> } | undefined {
  if (attempt.outcome === 'success') {
    if (!attempt.principal || attempt.principal.kind !== 'user') return undefined;
    const actor = auditActor(attempt.principal);
    return { actor, action: 'user.login', target: actor, details: { ip: attempt.ip, via: 'registry-token' } };
  }
  const target = attempt.username ? `user:${attempt.username}` : 'robot-token';
  return { actor: 'anonymous', action: 'user.login-failed', target, details: { ip: attempt.ip, reason: attempt.reason ?? 'unknown', via: 'registry-token' } };
}
