/**
 * Exceptions: the security team accepts one vulnerability (by id or alias),
 * optionally for one package (name or purl), for the organisation, a team or
 * a repository, with a reason and an expiry. Pure: validation, status and
 * whether an exception covers a finding at a given moment.
 */
import type { PolicyFinding, PolicyImage } from './policy-input.js';
import { isPurl, purlMatches } from './purl-match.js';

export type ExceptionScope = 'org' | `team:${string}` | `repository:${string}`;
export type ExceptionStatus = 'active' | 'expired' | 'revoked';

/** OpenVEX justifications (spec "Status Justifications"); a recorded one is exported as is. */
export const VEX_JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;
export type VexJustification = (typeof VEX_JUSTIFICATIONS)[number];

export interface PolicyException {
  id: string;
  /** The accepted vulnerability: matches a finding's id or any of its aliases. */
  vulnerability: string;
  /** Other names of the same vulnerability (e.g. from a VEX statement); they match too. */
  aliases: string[];
  /** A package name, or a purl (without a version it covers every version). */
  package?: string;
  scope: ExceptionScope;
  reason: string;
  justification?: VexJustification;
  /** Where it came from when not typed in, e.g. `openvex:https://…`. */
  source?: string;
  expiresAt: number;
  createdBy: string;
  createdAt: number;
  revokedAt?: number;
  revokedBy?: string;
}

/** What a caller supplies to create one; the store adds id, creator and times. */
export interface NewException {
  vulnerability: string;
  aliases?: string[];
  package?: string;
  scope: string;
  reason: string;
  /** Epoch milliseconds or an RFC 3339 / ISO 8601 date. */
  expiresAt: number | string;
  justification?: string;
  source?: string;
}

export type ValidException = Omit<PolicyException, 'id' | 'createdBy' | 'createdAt' | 'revokedAt' | 'revokedBy'>;

export type ExceptionIssueCode = 'REQUIRED' | 'INVALID_VULNERABILITY' | 'INVALID_PACKAGE' | 'INVALID_SCOPE' | 'INVALID_EXPIRY' | 'EXPIRY_NOT_IN_FUTURE' | 'INVALID_JUSTIFICATION' | 'TOO_LONG';

export interface ExceptionIssue {
  field: keyof NewException;
  code: ExceptionIssueCode;
  message: string;
}

const IDENTIFIER = /^[^\s]{1,200}$/;
const SCOPE = /^(org|team:[^\s:]+|repository:[^\s]+)$/;
const MAX_REASON = 4000;

export function parseScope(text: string): ExceptionScope | undefined {
  const trimmed = text.trim();
  return SCOPE.test(trimmed) ? (trimmed as ExceptionScope) : undefined;
}

/** Checks a new exception at `now`; every problem is reported with its field and a stable code. */
export function validateNewException(input: NewException, now: number): { ok: true; value: ValidException } | { ok: false; issues: ExceptionIssue[] } {
  const issues: ExceptionIssue[] = [];
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const vulnerability = text(input.vulnerability);
  if (vulnerability === '') issues.push({ field: 'vulnerability', code: 'REQUIRED', message: 'name the vulnerability (CVE-…, GHSA-…, or any alias)' });
  else if (!IDENTIFIER.test(vulnerability)) issues.push({ field: 'vulnerability', code: 'INVALID_VULNERABILITY', message: `"${vulnerability}" is not a vulnerability id` });
  const aliases = (Array.isArray(input.aliases) ? input.aliases : []).map(text).filter((alias) => alias !== '' && alias !== vulnerability);
  if (aliases.some((alias) => !IDENTIFIER.test(alias))) issues.push({ field: 'aliases', code: 'INVALID_VULNERABILITY', message: 'aliases are vulnerability ids without spaces' });
  const pkg = input.package === undefined ? undefined : text(input.package);
  if (pkg !== undefined && (pkg === '' || (pkg.startsWith('pkg:') ? !isPurl(pkg) : !IDENTIFIER.test(pkg)))) {
    issues.push({ field: 'package', code: 'INVALID_PACKAGE', message: `"${input.package}" is neither a package name nor a purl (pkg:type/name)` });
  }
  const scope = parseScope(text(input.scope));
  if (!scope) issues.push({ field: 'scope', code: text(input.scope) === '' ? 'REQUIRED' : 'INVALID_SCOPE', message: 'scope is org, team:<team> or repository:<repository>' });
  const reason = text(input.reason);
  if (reason === '') issues.push({ field: 'reason', code: 'REQUIRED', message: 'say why the vulnerability is accepted; the reason is shown to everyone the exception affects' });
  else if (reason.length > MAX_REASON) issues.push({ field: 'reason', code: 'TOO_LONG', message: `a reason has at most ${MAX_REASON} characters` });
  const expiresAt = expiryOf(input.expiresAt);
  if (input.expiresAt === undefined || input.expiresAt === '') issues.push({ field: 'expiresAt', code: 'REQUIRED', message: 'every exception expires: give an expiry date' });
  else if (expiresAt === undefined) issues.push({ field: 'expiresAt', code: 'INVALID_EXPIRY', message: `"${String(input.expiresAt)}" is not a date (use RFC 3339, e.g. 2025-06-30T00:00:00Z)` });
  else if (expiresAt <= now) issues.push({ field: 'expiresAt', code: 'EXPIRY_NOT_IN_FUTURE', message: `the expiry ${new Date(expiresAt).toISOString()} is not in the future` });
  const justification = input.justification === undefined ? undefined : text(input.justification);
  if (justification !== undefined && !(VEX_JUSTIFICATIONS as readonly string[]).includes(justification)) {
    issues.push({ field: 'justification', code: 'INVALID_JUSTIFICATION', message: `justification is one of ${VEX_JUSTIFICATIONS.join(', ')}` });
  }
  if (issues.length > 0 || !scope || expiresAt === undefined) return { ok: false, issues };
  return {
    ok: true,
    value: {
      vulnerability,
      aliases: [...new Set(aliases)],
      ...(pkg === undefined ? {} : { package: pkg }),
      scope,
      reason,
      ...(justification === undefined ? {} : { justification: justification as VexJustification }),
      ...(input.source === undefined ? {} : { source: text(input.source) }),
      expiresAt,
    },
  };
}

function expiryOf(value: number | string | undefined): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value.trim())) return undefined;
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? undefined : ms;
}

/** Revoked wins over expired: a revocation is a decision, an expiry only time passing. */
export function exceptionStatus(exception: PolicyException, now: number): ExceptionStatus {
  if (exception.revokedAt !== undefined && exception.revokedAt <= now) return 'revoked';
  return now >= exception.expiresAt ? 'expired' : 'active';
}

/** Repository scopes name the approved repository; an image judged in quarantine carries the same name after `quarantine/`. */
function repositoryName(name: string): string {
  return name.replace(/^quarantine\//, '');
}

export function scopeCovers(scope: ExceptionScope, image: Pick<PolicyImage, 'team' | 'repository'>): boolean {
  if (scope === 'org') return true;
  if (scope.startsWith('team:')) return scope.slice('team:'.length) === image.team;
  return repositoryName(scope.slice('repository:'.length)) === repositoryName(image.repository);
}

/** Whether `exception` covers `finding` in `image` at `now`: in force (created, not expired, not revoked), in scope, same vulnerability and package. */
export function applies(exception: PolicyException, finding: PolicyFinding, image: Pick<PolicyImage, 'team' | 'repository'>, now: number): boolean {
  if (now < exception.createdAt || exceptionStatus(exception, now) !== 'active') return false;
  if (!scopeCovers(exception.scope, image)) return false;
  const names = new Set([exception.vulnerability, ...exception.aliases].map((name) => name.toUpperCase()));
  if (![finding.id, ...finding.aliases].some((id) => names.has(id.toUpperCase()))) return false;
  if (exception.package === undefined) return true;
  return exception.package.startsWith('pkg:') ? purlMatches(exception.package, finding.purl) : exception.package === finding.package;
}
