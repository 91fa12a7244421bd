/**
 * seLinuxOptions (baseline, v1.0+; v1.31 allows container_engine_t): setting a custom SELinux user or role is
 * forbidden and the type is limited to the container types. Upstream: policy/check_seLinuxOptions.go.
 * Restricted fields seLinuxOptions.{type,user,role} of the pod and every container; `level` is free.
 * Upstream only mentions user/role in its message when a type is also bad; we always name them.
 */
import {
  ALLOWED,
  containersPhrase,
  forbidden,
  joinQuote,
  pluralize,
  sortedSet,
  type CheckOutcome,
  type CheckFn,
  type PodSecurityCheck,
  type PodView,
} from '../check.js';
import { visitContainers } from '../containers.js';

type SeLinuxOptions = { type?: string | null; user?: string | null; role?: string | null } | null | undefined;

const ALLOWED_TYPES_V1_0 = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const ALLOWED_TYPES_V1_31 = new Set([...ALLOWED_TYPES_V1_0, 'container_engine_t']);

interface Findings {
  badTypes: string[];
  userSet: boolean;
  roleSet: boolean;
}

/** Whether `options` is acceptable; records what was wrong with it into `findings`. */
function validOptions(options: SeLinuxOptions, allowedTypes: ReadonlySet<string>, findings: Findings): boolean {
  if (!options) return true;
  let valid = true;
  const type = options.type ?? '';
  if (!allowedTypes.has(type)) {
    findings.badTypes.push(type);
    valid = false;
  }
  if (options.user) {
    findings.userSet = true;
    valid = false;
  }
  if (options.role) {
    findings.roleSet = true;
    valid = false;
  }
  return valid;
}

function describe(findings: Findings): string {
  const parts: string[] = [];
  const types = sortedSet(findings.badTypes);
  if (types.length > 0) parts.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
  if (findings.userSet) parts.push('user may not be set');
  if (findings.roleSet) parts.push('role may not be set');
  return parts.join('; ');
}

function seLinuxOptionsFor(allowedTypes: ReadonlySet<string>): CheckFn {
  return ({ spec }: PodView): CheckOutcome => {
    const findings: Findings = { badTypes: [], userSet: false, roleSet: false };
    const setters: string[] = [];
    if (!validOptions(spec.securityContext?.seLinuxOptions, allowedTypes, findings)) setters.push('pod');
    const badContainers = visitContainers(spec)
      .filter(({ container }) => !validOptions(container.securityContext?.seLinuxOptions, allowedTypes, findings))
      .map(({ name }) => name);
    if (badContainers.length > 0) setters.push(containersPhrase(badContainers));
    if (setters.length === 0) return ALLOWED;
    return forbidden(
      'seLinuxOptions',
      `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${describe(findings)}`,
    );
  };
}

export const seLinuxOptions: PodSecurityCheck = {
  id: 'seLinuxOptions',
  level: 'baseline',
  revisions: [
    { minor: 0, evaluate: seLinuxOptionsFor(ALLOWED_TYPES_V1_0) },
    { minor: 31, evaluate: seLinuxOptionsFor(ALLOWED_TYPES_V1_31) },
  ],
};
