/**
 * Authentication and authorization for registry requests. Clients either send
 * credentials directly (Basic, or a robot token as Bearer) or follow the
 * Docker token flow: a 401 challenge names the realm and scope, the client
 * fetches a JWT from /auth/token and retries with it.
 */
import type { FastifyRequest } from 'fastify';
import {
  authorize,
  classifyRepository,
  parseRobotToken,
  type Authenticator,
  type Principal,
  type RegistryTokenClaims,
  type RepositoryAction,
  type TokenService,
  AuthError,
  subjectOf,
  displayName,
  parseAuthorization,
} from '../auth/index.js';

import { RegistryError } from './errors.js';

/** Who performs a registry request, for logs and (later) the audit trail. */
export interface Actor {
  subject: string;
  name: string;
}

type Identity = { kind: 'principal'; principal: Principal } | { kind: 'token'; claims: RegistryTokenClaims };

/** An UNAUTHORIZED error that tells the client how to authenticate. */
export class ChallengeError extends RegistryError {
  constructor(
    message: string,
    readonly challenge: string,
  ) {
    super('UNAUTHORIZED', message);
  }
}

export interface RegistryAccessOptions {
  authenticator: Authenticator;
  tokens: TokenService;
  service: string;
  /** Absolute URL of the token endpoint for this request. */
  realm(request: FastifyRequest): string;
  /** Whether a team exists: pushes to the quarantine of an unknown team are refused even for admins. */
  teamExists(team: string): Promise<boolean>;
}

export class RegistryAccess {
  /** Teams are never deleted, so a team seen once stays known. */
  private readonly knownTeams = new Set<string>();

  constructor(private readonly options: RegistryAccessOptions) {}

  async requireRepository(request: FastifyRequest, repository: string, action: RepositoryAction): Promise<Actor> {
    const actor = await this.authorizeRepository(request, repository, action);
    if (action === 'push') await this.requireKnownTeam(repository);
    return actor;
  }

  private async authorizeRepository(request: FastifyRequest, repository: string, action: RepositoryAction): Promise<Actor> {
    const scope = `repository:${repository}:${action === 'push' ? 'pull,push' : action}`;
    const identity = await this.identify(request, scope);
    if (identity.kind === 'principal') {
      const decision = authorize(identity.principal, repository, action);
      if (!decision.allowed) throw new RegistryError('DENIED', decision.reason);
      return actorOf(identity.principal);
    }
    const { claims } = identity;
    const entry = claims.access.find((a) => a.type === 'repository' && a.name === repository);
    if (entry?.actions.includes(action) || entry?.actions.includes('*')) return { subject: claims.subject, name: claims.name };
    if (entry) {
      // The token asked for this repository and was refused the action: say why.
      const principal = await this.options.authenticator.principalForSubject(claims.subject);
      const decision = principal ? authorize(principal, repository, action) : { allowed: false as const, reason: 'the identity behind this token can no longer act' };
      if (!decision.allowed) throw new RegistryError('DENIED', decision.reason);
    }
    throw new ChallengeError(`token does not grant ${action} on ${repository}`, this.challenge(request, scope, 'insufficient_scope'));
  }

  private async requireKnownTeam(repository: string): Promise<void> {
    const zone = classifyRepository(repository);
    if (zone.zone !== 'quarantine' || zone.team === 'mirror' || this.knownTeams.has(zone.team)) return;
    if (!(await this.options.teamExists(zone.team))) {
      throw new RegistryError('DENIED', `team ${zone.team} does not exist; an admin creates it with: airlock team create ${zone.team}`);
    }
    this.knownTeams.add(zone.team);
  }

  /** Any valid identity (GET /v2/). */
  async requireAuthenticated(request: FastifyRequest): Promise<Actor> {
    const identity = await this.identify(request, undefined);
    return identity.kind === 'principal' ? actorOf(identity.principal) : { subject: identity.claims.subject, name: identity.claims.name };
  }

  /**
   * The catalog lists only repositories the caller may pull; with a token that
   * is the principal's current rights, not the token's repository list.
   */
  async requireCatalog(request: FastifyRequest): Promise<Principal> {
    const scope = 'registry:catalog:*';
    const identity = await this.identify(request, scope);
    if (identity.kind === 'principal') return identity.principal;
    const granted = identity.claims.access.some((a) => a.type === 'registry' && a.name === 'catalog');
    const principal = granted ? await this.options.authenticator.principalForSubject(identity.claims.subject) : undefined;
    if (!principal) throw new ChallengeError('token does not grant catalog access', this.challenge(request, scope, 'insufficient_scope'));
    return principal;
  }

  private async identify(request: FastifyRequest, scope: string | undefined): Promise<Identity> {
    const credentials = parseAuthorization(request.headers.authorization);
    if (credentials === undefined) throw new ChallengeError('authentication required', this.challenge(request, scope));
    if (credentials === 'malformed') throw new ChallengeError('the Authorization header is malformed', this.challenge(request, scope));
    try {
      if (credentials.scheme === 'basic') {
        return { kind: 'principal', principal: await this.options.authenticator.basic(credentials.username, credentials.password, request.ip) };
      }
      if (parseRobotToken(credentials.token)) {
        return { kind: 'principal', principal: await this.options.authenticator.robotToken(credentials.token, request.ip) };
      }
      return { kind: 'token', claims: await this.options.tokens.verify(credentials.token) };
    } catch (error) {
      if (error instanceof AuthError && error.code === 'UNAUTHORIZED') {
        const invalid = credentials.scheme === 'bearer' ? 'invalid_token' : undefined;
        throw new ChallengeError(error.message, this.challenge(request, scope, invalid));
      }
      throw error;
    }
  }

  private challenge(request: FastifyRequest, scope: string | undefined, error?: string): string {
    const parts = [`realm="${this.options.realm(request)}"`, `service="${this.options.service}"`];
    if (scope) parts.push(`scope="${scope}"`);
    if (error) parts.push(`error="${error}"`);
    return `Bearer ${parts.join(',')}`;
  }
}

function actorOf(principal: Principal): Actor {
  return { subject: subjectOf(principal), name: displayName(principal) };
}
