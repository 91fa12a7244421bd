/**
 * Cookie sessions for the dashboard. Requests carrying an Authorization header
 * (CLI, CI, clusters) are untouched. A request with the session cookie is
 * authenticated as the session's user; when it asks for a change (any method
 * but GET, HEAD, OPTIONS) it must also carry the session's CSRF token in
 * X-Airlock-CSRF — a page on another origin can make the browser send the
 * cookie (SameSite aside) but cannot read the token.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfMatches, type Principal, type WebSession } from '../auth/index.js';
import type { ApiContext } from './api-context.js';
import { ApiError } from './errors.js';

export const SESSION_COOKIE = 'airlock_session';
export const CSRF_HEADER = 'x-airlock-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestSession {
  token: string;
  session?: WebSession;
  /** Absent when the session is unknown, expired, or its user was disabled. */
  principal?: Principal;
}

const sessions = new WeakMap<FastifyRequest, RequestSession>();

/**
 * Resolved sessions are remembered this long, so a page's burst of requests costs
 * one lookup; signing out here forgets at once, elsewhere (another replica) within this.
 */
const CACHE_MS = 5_000;
const CACHE_LIMIT = 10_000;
const resolved = new WeakMap<ApiContext, Map<string, { session?: WebSession; principal?: Principal; until: number }>>();

function cacheOf(ctx: ApiContext) {
  let cache = resolved.get(ctx);
  if (!cache) resolved.set(ctx, (cache = new Map()));
  return cache;
}

/** Forgets a session this process remembers (after signing out). */
export function forgetSession(ctx: ApiContext, token: string): void {
  cacheOf(ctx).delete(token);
}

export function sessionOf(request: FastifyRequest): RequestSession | undefined {
  return sessions.get(request);
}

/** The onRequest hook: resolves the cookie, and refuses cookie-authenticated changes without the CSRF token. */
export function sessionHook(ctx: ApiContext): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    if (request.headers.authorization !== undefined) return;
    const token = cookieValue(request.headers.cookie, SESSION_COOKIE);
    if (!token) return;
    const cache = cacheOf(ctx);
    const now = ctx.clock();
    let hit = cache.get(token);
    if (!hit || hit.until <= now || (hit.session && hit.session.expiresAt <= now)) {
      const session = await ctx.sessions.find(token);
      const principal = session ? await ctx.authenticator.principalForSubject(`user:${session.userId}`) : undefined;
      if (cache.size >= CACHE_LIMIT) cache.clear();
      hit = { session, principal, until: now + CACHE_MS };
      cache.set(token, hit);
    }
    const { session, principal } = hit;
    sessions.set(request, { token, session, principal });
    // Signing in again over a stale cookie needs no token: the old session is not trusted for anything.
    if (!principal || !session || SAFE_METHODS.has(request.method)) return;
    if (!csrfMatches(session, headerValue(request.headers[CSRF_HEADER]))) {
      throw new ApiError('CSRF_REJECTED', 403, `changes made with the session cookie need the ${CSRF_HEADER} header holding the token returned at sign-in (GET /api/v1/session)`);
    }
  };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs: number): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(maxAgeMs / 1000)}${request.protocol === 'https' ? '; Secure' : ''}`);
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${request.protocol === 'https' ? '; Secure' : ''}`);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
