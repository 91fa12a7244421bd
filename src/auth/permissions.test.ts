import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { authorize, canPull, grantedActions, REPOSITORY_ACTIONS, type Decision, type RepositoryAction } from './permissions.js';
import type { Principal, RobotPrincipal, UserPrincipal } from './principal.js';
import type { OrgRole, TeamRole } from './roles.js';

function user(username: string, role: OrgRole, teams: Record<string, TeamRole> = {}): UserPrincipal {
  return { kind: 'user', id: `u-${username}`, username, role, teams: new Map(Object.entries(teams)) };
}
function robot(name: string, team: string, role: RobotPrincipal['role']): RobotPrincipal {
  return { kind: 'robot', id: `r-${name}`, name, team, role };
}

const principals = {
  admin: user('ada', 'admin'),
  security: user('sec', 'security'),
  developer: user('dev', 'developer', { payments: 'developer' }),
  teamViewer: user('vic', 'developer', { payments: 'viewer' }),
  outsider: user('olga', 'developer', { search: 'developer' }),
  orgViewerDeveloper: user('vera', 'viewer', { payments: 'developer' }),
  ci: robot('payments-ci', 'payments', 'ci'),
  puller: robot('payments-puller', 'payments', 'puller'),
  otherTeamCi: robot('search-ci', 'search', 'ci'),
  otherTeamPuller: robot('search-puller', 'search', 'puller'),
} satisfies Record<string, Principal>;
type Who = keyof typeof principals;

const repositories = {
  quarantine: 'quarantine/payments/api',
  approved: 'payments/api',
  mirror: 'mirror/docker.io/library/nginx',
  mirrorQuarantine: 'quarantine/mirror/docker.io/library/nginx',
  bare: 'foo',
  shortQuarantine: 'quarantine/x',
  shortMirror: 'mirror/x',
} as const;
type Where = keyof typeof repositories;

/**
 * The expected matrix (ARCHITECTURE.md "Repository layout inside the registry"): which actions each principal may
 * perform on each repository. Every cell not listed is denied.
 */
const ALLOWED: Record<Who, Partial<Record<Where, RepositoryAction[]>>> = {
  admin: { quarantine: ['pull', 'push', 'delete'], approved: ['pull', 'delete'], mirror: ['pull', 'delete'], mirrorQuarantine: ['pull', 'push', 'delete'] },
  security: { quarantine: ['pull'], approved: ['pull'], mirror: ['pull'], mirrorQuarantine: ['pull'] },
  developer: { quarantine: ['pull', 'push', 'delete'], approved: ['pull'], mirror: ['pull'] },
  teamViewer: { quarantine: ['pull'], approved: ['pull'], mirror: ['pull'] },
  outsider: { mirror: ['pull'] },
  orgViewerDeveloper: { quarantine: ['pull'], approved: ['pull'], mirror: ['pull'] },
  ci: { quarantine: ['pull', 'push'], approved: ['pull'], mirror: ['pull'] },
  puller: { approved: ['pull'], mirror: ['pull'] },
  otherTeamCi: { mirror: ['pull'] },
  otherTeamPuller: { mirror: ['pull'] },
};

const cells = (Object.keys(principals) as Who[]).flatMap((who) =>
  (Object.keys(repositories) as Where[]).flatMap((where) => REPOSITORY_ACTIONS.map((action) => [who, where, action] as const)),
);

function reasonOf(decision: Decision): string {
  if (decision.allowed) throw new Error('expected a denial');
  return decision.reason;
}

describe('authorize: the full matrix', () => {
  it.each(cells)('%s on %s: %s', (who, where, action) => {
    const decision = authorize(principals[who], repositories[where], action);
    const expected = ALLOWED[who][where]?.includes(action) ?? false;
    expect(decision.allowed).toBe(expected);
    if (!decision.allowed) expect(decision.reason.length).toBeGreaterThan(10);
  });
});

describe('authorize: denial reasons say what to do instead', () => {
  it.each(Object.keys(principals) as Who[])('pushing to an approved repository points %s at its quarantine path', (who) => {
    expect(reasonOf(authorize(principals[who], 'payments/api', 'push'))).toBe(
      'payments/api is an approved repository, written only by promotion through the gate; push to quarantine/payments/api instead',
    );
    expect(reasonOf(authorize(principals[who], 'payments/svc/api', 'push'))).toContain('push to quarantine/payments/svc/api instead');
  });

  it('pushing to a mirror repository points at the mirror catalog', () => {
    expect(reasonOf(authorize(principals.admin, 'mirror/docker.io/library/nginx', 'push'))).toContain('push to the mirror catalog instead');
  });

  it.each([
    ['foo', 'foo: repositories are <team>/<name>; push to quarantine/<team>/<name>'],
    ['quarantine/x', 'quarantine/x: quarantine repositories are quarantine/<team>/<name>'],
    ['mirror/x', 'mirror/x: mirror repositories are mirror/<upstream-host>/<path>'],
  ])('an unmanaged name (%s) is refused even for admins, with the layout', (repository, reason) => {
    for (const action of REPOSITORY_ACTIONS) expect(reasonOf(authorize(principals.admin, repository, action))).toBe(reason);
  });

  it('names the missing team membership', () => {
    expect(reasonOf(authorize(principals.outsider, 'quarantine/payments/api', 'push'))).toBe('user olga is not a member of team payments');
    expect(reasonOf(authorize(principals.security, 'quarantine/payments/api', 'push'))).toBe('user sec is not a member of team payments');
  });

  it('tells a team viewer that the developer role is needed', () => {
    expect(reasonOf(authorize(principals.teamViewer, 'quarantine/payments/api', 'push'))).toBe(
      'user vic is a viewer of team payments; pushing needs the developer role',
    );
    expect(reasonOf(authorize(principals.teamViewer, 'quarantine/payments/api', 'delete'))).toBe(
      'user vic is a viewer of team payments; deleting needs the developer role',
    );
  });

  it('tells an organisation viewer that its organisation role is what stops it, not its team role', () => {
    const reason = reasonOf(authorize(principals.orgViewerDeveloper, 'quarantine/payments/api', 'push'));
    expect(reason).toBe('user vera has the read-only organisation role viewer; pushing needs the developer role');
  });

  it('explains robot limits', () => {
    expect(reasonOf(authorize(principals.ci, 'quarantine/payments/api', 'delete'))).toBe('ci tokens may not delete; ask a developer of the team');
    expect(reasonOf(authorize(principals.puller, 'quarantine/payments/api', 'pull'))).toBe('puller tokens may only pull approved images');
    expect(reasonOf(authorize(principals.otherTeamCi, 'quarantine/payments/api', 'push'))).toBe('this token belongs to team search, not payments');
    expect(reasonOf(authorize(principals.otherTeamPuller, 'payments/api', 'pull'))).toBe('this token belongs to team search, not payments');
    expect(reasonOf(authorize(principals.ci, 'mirror/docker.io/library/nginx', 'delete'))).toBe('robot tokens cannot change mirror repositories');
  });

  it('reserves deleting approved images to admins', () => {
    for (const who of ['security', 'developer', 'orgViewerDeveloper'] as const) {
      expect(reasonOf(authorize(principals[who], 'payments/api', 'delete'))).toBe('only admins may delete from approved repositories');
      expect(reasonOf(authorize(principals[who], 'mirror/docker.io/library/nginx', 'delete'))).toBe('only admins may delete from approved repositories');
    }
  });
});

describe('authorize: properties over team names', () => {
  const team = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 10 }).filter((t) => t !== 'quarantine' && t !== 'mirror');

  it('a developer may push to its own team quarantine and never to another team', () => {
    fc.assert(
      fc.property(team, team, (own, other) => {
        fc.pre(own !== other);
        const dev = user('d', 'developer', { [own]: 'developer' });
        expect(authorize(dev, `quarantine/${own}/app`, 'push').allowed).toBe(true);
        expect(authorize(dev, `quarantine/${other}/app`, 'push').allowed).toBe(false);
        expect(authorize(dev, `${other}/app`, 'pull').allowed).toBe(false);
      }),
    );
  });

  it('nobody, not even an admin, pushes to an approved or mirror repository', () => {
    fc.assert(
      fc.property(team, fc.constantFrom(...(Object.values(principals) as Principal[])), (t, principal) => {
        expect(authorize(principal, `${t}/app`, 'push').allowed).toBe(false);
        expect(authorize(principal, `mirror/${t}.io/app`, 'push').allowed).toBe(false);
      }),
    );
  });
});

describe('grantedActions', () => {
  it("expands '*' to every action the principal holds", () => {
    expect(grantedActions(principals.admin, 'quarantine/payments/api', ['*'])).toEqual(['pull', 'push', 'delete']);
    expect(grantedActions(principals.developer, 'payments/api', ['*'])).toEqual(['pull']);
    expect(grantedActions(principals.ci, 'quarantine/payments/api', ['*'])).toEqual(['pull', 'push']);
    expect(grantedActions(principals.outsider, 'quarantine/payments/api', ['*'])).toEqual([]);
  });

  it('keeps only the requested actions that are allowed, in canonical order', () => {
    expect(grantedActions(principals.ci, 'quarantine/payments/api', ['push', 'pull'])).toEqual(['pull', 'push']);
    expect(grantedActions(principals.ci, 'payments/api', ['pull', 'push'])).toEqual(['pull']);
    expect(grantedActions(principals.admin, 'payments/api', ['delete', 'pull'])).toEqual(['pull', 'delete']);
    expect(grantedActions(principals.puller, 'payments/api', ['push'])).toEqual([]);
  });

  it('ignores unknown actions and grants nothing for an empty request', () => {
    expect(grantedActions(principals.admin, 'quarantine/payments/api', ['pull', 'frobnicate', 'PUSH'])).toEqual(['pull']);
    expect(grantedActions(principals.admin, 'quarantine/payments/api', [])).toEqual([]);
  });

  it('matches authorize for every cell of the matrix', () => {
    for (const [who, where] of cells) {
      const expected = REPOSITORY_ACTIONS.filter((action) => ALLOWED[who][where]?.includes(action));
      expect(grantedActions(principals[who], repositories[where], ['*'])).toEqual(expected);
    }
  });
});

describe('canPull', () => {
  it('follows the pull column of the matrix', () => {
    expect(canPull(principals.puller, 'payments/api')).toBe(true);
    expect(canPull(principals.puller, 'quarantine/payments/api')).toBe(false);
    expect(canPull(principals.outsider, 'mirror/docker.io/library/nginx')).toBe(true);
    expect(canPull(principals.outsider, 'payments/api')).toBe(false);
    expect(canPull(principals.admin, 'foo')).toBe(false);
  });
});
