/**
 * The token endpoint of the Docker registry token flow (GET /auth/token with
 * Basic credentials; POST /auth/token with the OAuth2 password grant, as
 * containerd uses). It grants, for each requested scope, the actions the
 * caller may actually perform.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthError, grantedActions, parseAuthorization, type AccessEntry, type Authenticator, type Principal, type TokenService } from '../../auth/index.js';
import { isRepositoryName } from '../../oci/index.js';
import { RegistryError } from '../errors.js';

/** One exchange of credentials for a token, told to whoever keeps the audit trail. */
export interface LoginAttempt {
  outcome: 'success' | 'failure';
  ip: string;
  principal?: Principal;
  /** The username given, for failures. */
  username?: string;
  reason?: string;
}

export interface TokenEndpointOptions {
  authenticator: Authenticator;
  tokens: TokenService;
  onLogin?(attempt: LoginAttempt): void;
  sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply;
}

const SCOPE = /^([a-z0-9]+)(?:\([a-z0-9]+\))?:(.+):([a-z*,]*)$/;

export function registerTokenEndpoint(app: FastifyInstance, options: TokenEndpointOptions): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    done(null, new URLSearchParams(body as string));
  });

  app.get('/auth/token', async (request, reply) => {
    try {
      const principal = await basicPrincipal(options.authenticator, request).catch((error: unknown) => {
        // No credentials at all is the anonymous challenge, not a failed login.
        if (request.headers.authorization !== undefined) reportFailure(options, request.ip, usernameOf(request.headers.authorization), error);
        throw error;
      });
      options.onLogin?.({ outcome: 'success', ip: request.ip, principal });
      const query = request.query as { scope?: string | string[] };
      const access = grant(principal, [query.scope ?? []].flat());
      const issued = await options.tokens.issue(principal, access);
      return reply.send({ token: issued.token, access_token: issued.token, expires_in: issued.expiresIn, issued_at: issued.issuedAt });
    } catch (error) {
      if (error instanceof AuthError && error.code === 'UNAUTHORIZED') reply.header('www-authenticate', 'Basic realm="airlock"');
      return options.sendError(request, reply, error);
    }
  });

  app.post('/auth/token', async (request, reply) => {
    const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
    if (form.get('grant_type') !== 'password') {
      return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'only grant_type=password is supported' });
    }
    try {
      const principal = await options.authenticator.basic(form.get('username') ?? '', form.get('password') ?? '', request.ip).catch((error: unknown) => {
        reportFailure(options, request.ip, form.get('username') ?? undefined, error);
        throw error;
      });
      options.onLogin?.({ outcome: 'success', ip: request.ip, principal });
      const access = grant(principal, form.getAll('scope'));
      const issued = await options.tokens.issue(principal, access);
      return reply.send({
        access_token: issued.token,
        token_type: 'Bearer',
        expires_in: issued.expiresIn,
        issued_at: issued.issuedAt,
        scope: access.map((a) => `${a.type}:${a.name}:${a.actions.join(',')}`).join(' '),
      });
    } catch (error) {
      if (error instanceof AuthError && error.code === 'UNAUTHORIZED') {
        return reply.code(401).send({ error: 'invalid_grant', error_description: error.message });
      }
      return options.sendError(request, reply, error);
    }
  });
}

function reportFailure(options: TokenEndpointOptions, ip: string, username: string | undefined, error: unknown): void {
  if (error instanceof AuthError) options.onLogin?.({ outcome: 'failure', ip, ...(username ? { username } : {}), reason: error.message });
}

function usernameOf(authorization: string | undefined): string | undefined {
  const credentials = parseAuthorization(authorization);
  return credentials !== undefined && credentials !== 'malformed' && credentials.scheme === 'basic' ? credentials.username : undefined;
}

async function basicPrincipal(authenticator: Authenticator, request: FastifyRequest): Promise<Principal> {
  const credentials = parseAuthorization(request.headers.authorization);
  if (credentials === undefined) throw new AuthError('UNAUTHORIZED', 'log in first: the token endpoint needs a username and password or a robot token');
  if (credentials === 'malformed') throw new RegistryError('UNAUTHORIZED', 'the Authorization header is malformed');
  if (credentials.scheme === 'bearer') return authenticator.robotToken(credentials.token, request.ip);
  return authenticator.basic(credentials.username, credentials.password, request.ip);
}

/** Scopes are space-separated inside each `scope` parameter, and the parameter may repeat. */
function grant(principal: Principal, scopeParams: string[]): AccessEntry[] {
  const access: AccessEntry[] = [];
  for (const scope of scopeParams.flatMap((param) => param.split(' ')).filter(Boolean)) {
    const match = SCOPE.exec(scope);
    if (!match) continue;
    const [, type, name, actions] = match as unknown as [string, string, string, string];
    const requested = actions.split(',').filter(Boolean);
    if (type === 'repository' && isRepositoryName(name)) {
      access.push({ type, name, actions: grantedActions(principal, name, requested) });
    } else if (type === 'registry' && name === 'catalog') {
      access.push({ type, name, actions: ['*'] });
    }
  }
  return access;
}
