/**
 * What a caller may do, as the dashboard needs to know it to offer only what
 * the API will accept. Each flag mirrors the check its routes make
 * (exception-access.ts, policy-access.ts, routes/audit.ts, routes/webhooks.ts).
 */
import type { Principal } from '../auth/index.js';
import { visibleTeams } from './visibility.js';

export interface Capabilities {
  /** Teams whose images the caller sees; null = every team. */
  teams: string[] | null;
  manageExceptions: boolean;
  applyOrgPolicy: boolean;
  /** Teams whose policy the caller may apply; null = every team. */
  applyTeamPolicies: string[] | null;
  readAudit: boolean;
  verifyAudit: boolean;
  /** Create and change webhooks (for every team: null; else only these teams). */
  manageWebhooks: string[] | null | false;
  admin: boolean;
}

export function capabilitiesOf(principal: Principal): Capabilities {
  const teams = visibleTeams(principal) ?? null;
  if (principal.kind === 'robot') {
    return { teams, manageExceptions: false, applyOrgPolicy: false, applyTeamPolicies: [], readAudit: false, verifyAudit: false, manageWebhooks: false, admin: false };
  }
  const security = principal.role === 'admin' || principal.role === 'security';
  const developerOf = [...principal.teams].filter(([, role]) => role === 'developer').map(([team]) => team);
  return {
    teams,
    manageExceptions: security,
    applyOrgPolicy: security,
    applyTeamPolicies: security ? null : principal.role === 'developer' ? developerOf : [],
    readAudit: security || principal.role === 'viewer',
    verifyAudit: security,
    manageWebhooks: security ? null : principal.role === 'developer' && developerOf.length > 0 ? developerOf : false,
    admin: principal.role === 'admin',
  };
}
