import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { approvedRepositoryFor, classifyRepository, type RepositoryZone } from './repository-layout.js';

describe('classifyRepository', () => {
  it.each<[string, RepositoryZone]>([
    ['quarantine/payments/api', { zone: 'quarantine', team: 'payments', name: 'api' }],
    ['quarantine/payments/svc/api', { zone: 'quarantine', team: 'payments', name: 'svc/api' }],
    ['quarantine/mirror/docker.io/library/nginx', { zone: 'quarantine', team: 'mirror', name: 'docker.io/library/nginx' }],
    ['payments/api', { zone: 'approved', team: 'payments', name: 'api' }],
    ['payments/svc/api', { zone: 'approved', team: 'payments', name: 'svc/api' }],
    ['mirror/docker.io/grafana/grafana', { zone: 'mirror', path: 'docker.io/grafana/grafana' }],
    ['mirror/ghcr.io/x', { zone: 'mirror', path: 'ghcr.io/x' }],
  ])('%s', (repository, zone) => {
    expect(classifyRepository(repository)).toEqual(zone);
  });

  it.each([
    ['foo', 'repositories are <team>/<name>; push to quarantine/<team>/<name>'],
    ['quarantine', 'quarantine repositories are quarantine/<team>/<name>'],
    ['quarantine/x', 'quarantine repositories are quarantine/<team>/<name>'],
    ['quarantine//x', 'quarantine repositories are quarantine/<team>/<name>'],
    ['mirror', 'mirror repositories are mirror/<upstream-host>/<path>'],
    ['mirror/docker.io', 'mirror repositories are mirror/<upstream-host>/<path>'],
  ])('%s is unmanaged, and the reason shows the layout', (repository, reason) => {
    expect(classifyRepository(repository)).toEqual({ zone: 'unmanaged', reason });
  });
});

describe('approvedRepositoryFor', () => {
  it.each([
    ['quarantine/payments/api', 'payments/api'],
    ['quarantine/payments/svc/api', 'payments/svc/api'],
    ['quarantine/mirror/docker.io/library/nginx', 'mirror/docker.io/library/nginx'],
  ])('%s is promoted to %s', (quarantine, approved) => {
    expect(approvedRepositoryFor(quarantine)).toBe(approved);
  });

  it.each(['payments/api', 'mirror/docker.io/library/nginx', 'foo', 'quarantine/x'])('%s is not a quarantine repository', (repository) => {
    expect(approvedRepositoryFor(repository)).toBeUndefined();
  });

  const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 8 });
  const team = word.filter((t) => t !== 'quarantine' && t !== 'mirror');
  const name = fc.array(word, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));

  it('promotes every team image to the approved repository of the same team and name', () => {
    fc.assert(
      fc.property(team, name, (t, n) => {
        const approved = approvedRepositoryFor(`quarantine/${t}/${n}`);
        expect(approved).toBe(`${t}/${n}`);
        expect(classifyRepository(approved!)).toEqual({ zone: 'approved', team: t, name: n });
      }),
    );
  });

  it('promotes every mirrored image to the mirror zone with the same upstream path', () => {
    fc.assert(
      fc.property(word, name, (host, path) => {
        const approved = approvedRepositoryFor(`quarantine/mirror/${host}.io/${path}`);
        expect(approved).toBe(`mirror/${host}.io/${path}`);
        expect(classifyRepository(approved!)).toEqual({ zone: 'mirror', path: `${host}.io/${path}` });
      }),
    );
  });
});
