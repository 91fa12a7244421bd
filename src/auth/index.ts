/** Identity and access: users, teams, robot tokens, credential checks, registry tokens, permissions. */
export { AuthError, type AuthErrorCode } from './errors.js';
export { systemClock, type Clock } from './clock.js';
export { orgRoleSchema, teamRoleSchema, robotRoleSchema, teamNameSchema, type OrgRole, type TeamRole, type RobotRole } from './roles.js';
export { subjectOf, displayName, auditActor, type Principal, type UserPrincipal, type RobotPrincipal } from './principal.js';
export { IdentityStore, type TeamSummary, type UserSummary } from './identity-store.js';
export { RobotTokenStore, parseRobotToken, ROBOT_TOKEN_PREFIX, type RobotTokenSummary, type CreatedRobotToken } from './robot-tokens.js';
export { Authenticator, type AuthenticatorOptions } from './authenticator.js';
export { TokenService, type AccessEntry, type RegistryTokenClaims, type IssuedToken, type TokenServiceOptions } from './token-service.js';
export { authorize, grantedActions, canPull, REPOSITORY_ACTIONS, type RepositoryAction, type Decision } from './permissions.js';
export { classifyRepository, approvedRepositoryFor, QUARANTINE_PREFIX, MIRROR_PREFIX, type RepositoryZone } from './repository-layout.js';
export { hashSecret, verifySecret } from './password-hash.js';
export { parseAuthorization, type Credentials } from './credentials.js';
export { SessionStore, csrfMatches, SESSION_TTL_MS, type WebSession } from './session-store.js';
