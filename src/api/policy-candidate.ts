/**
 * A policy document sent to the API, and policy versions as the API shows
 * them. An unreadable document is a 422 carrying every issue with its YAML
 * path, line and column, so an editor or the CLI can point at each one; a
 * well-formed request whose document is wrong is not a malformed request (400).
 */
import { AirlockError } from '../errors/index.js';
import { PolicyError, parsePolicyDocument, type LocatedIssue, type PolicyDocument, type PolicyVersion } from '../policy/index.js';
import { ApiError } from './errors.js';
import { describeScope, policyScope } from './policy-access.js';

/** Bigger than any sensible policy, small enough that a mistaken upload is refused early. */
export const MAX_POLICY_BYTES = 256 * 1024;

export function readCandidate(text: string): PolicyDocument {
  try {
    return parsePolicyDocument(text);
  } catch (error) {
    if (error instanceof PolicyError && error.code === 'POLICY_INVALID') {
      const issues = (error.detail as { issues?: LocatedIssue[] } | undefined)?.issues ?? [];
      throw new AirlockError('POLICY_INVALID', 422, `the policy is not valid:\n${error.message}`, { detail: { issues } });
    }
    throw error;
  }
}

/** The document must be for the scope named in the URL: a team policy PUT to /policies/org would otherwise land elsewhere. */
export function requireScope(candidate: PolicyDocument, team: string | undefined): void {
  const named = candidate.metadata.team;
  if (named === team) return;
  const says = named === undefined ? 'is an org policy (no metadata.team)' : `is team ${named}'s policy (metadata.team: ${named})`;
  const fix = team === undefined ? `apply it to /policies/teams/${named ?? ''}` : `set metadata.team: ${team}`;
  throw new ApiError('INVALID', 400, `this document ${says}, but the request is for ${describeScope(team)}: ${fix}`);
}

/** What a reader of a document sees at a glance: its scope and rules. */
export function summarize(document: PolicyDocument) {
  return {
    scope: policyScope(document.metadata.team),
    name: document.metadata.name,
    ...(document.metadata.team === undefined ? {} : { team: document.metadata.team }),
    ...(document.metadata.description === undefined ? {} : { description: document.metadata.description }),
    gracePeriod: document.spec.gracePeriod ?? null,
    rules: document.spec.rules.map((rule) => ({ id: rule.id, action: rule.action, kind: rule.kind, ...(rule.description === undefined ? {} : { description: rule.description }) })),
  };
}

/** A stored version; `text` is left out of history listings, which would otherwise repeat every document. */
export function presentVersion(version: PolicyVersion, withText = true) {
  return {
    scope: version.scope,
    ...(version.team === undefined ? {} : { team: version.team }),
    name: version.name,
    version: version.version,
    digest: version.digest,
    createdBy: version.createdBy,
    createdAt: version.createdAt,
    ...(withText ? { text: version.text } : {}),
  };
}
