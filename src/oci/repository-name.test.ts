import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { OciError } from './errors.js';
import { assertRepositoryName, assertTag, isRepositoryName, isTag, MAX_REPOSITORY_NAME_LENGTH } from './repository-name.js';

/*
 * Generators build names the way the distribution spec describes them, piece by piece
 * (alphanumeric runs joined by '.', '_', '__' or one or more '-'; components joined by '/'),
 * rather than by reusing the implementation's regular expression.
 */
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const alnumRun = fc.string({ unit: fc.constantFrom(...LOWER_ALNUM), minLength: 1, maxLength: 8 });
const separator = fc.oneof(fc.constant('.'), fc.constant('_'), fc.constant('__'), fc.integer({ min: 1, max: 3 }).map((n) => '-'.repeat(n)));
const component = fc
  .tuple(alnumRun, fc.array(fc.tuple(separator, alnumRun), { maxLength: 3 }))
  .map(([head, rest]) => head + rest.map(([sep, run]) => sep + run).join(''));
const repositoryName = fc
  .array(component, { minLength: 1, maxLength: 5 })
  .map((components) => components.join('/'))
  .filter((name) => name.length <= MAX_REPOSITORY_NAME_LENGTH);

const TAG_FIRST = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
const tag = fc
  .tuple(fc.constantFrom(...TAG_FIRST), fc.string({ unit: fc.constantFrom(...TAG_FIRST, '.', '-'), maxLength: 127 }))
  .map(([first, rest]) => first + rest);

/** Inserts `piece` at a position chosen by fast-check. */
function insertAt(name: string, position: number, piece: string): string {
  const at = position % (name.length + 1);
  return name.slice(0, at) + piece + name.slice(at);
}

describe('isRepositoryName', () => {
  it('accepts every name built from the spec grammar', () => {
    fc.assert(fc.property(repositoryName, (name) => {
      expect(isRepositoryName(name)).toBe(true);
    }));
  });

  it.each([
    'alpine',
    'library/alpine',
    'quarantine/payments/api',
    'mirror/docker.io/grafana/grafana',
    'a__b',
    'a---b',
    'a.b_c-d',
    '0/1/2',
  ])('accepts %s', (name) => {
    expect(isRepositoryName(name)).toBe(true);
    expect(assertRepositoryName(name)).toBe(name);
  });

  it.each([
    ['empty', ''],
    ['uppercase', 'Alpine'],
    ['uppercase component', 'library/Alpine'],
    ['double dot', 'a..b'],
    ['dot-dot component', 'a/../b'],
    ['single dot component', 'a/./b'],
    ['empty component', 'a//b'],
    ['leading slash', '/a'],
    ['trailing slash', 'a/'],
    ['leading dash', '-a'],
    ['leading dot', '.a'],
    ['leading underscore', '_a'],
    ['trailing dash', 'a-'],
    ['triple underscore', 'a___b'],
    ['dot then dash', 'a.-b'],
    ['colon', 'a:b'],
    ['space', 'a b'],
    ['at sign', 'a@b'],
    ['non-ASCII letter', 'ä'],
  ])('refuses a name with %s', (_label, name) => {
    expect(isRepositoryName(name)).toBe(false);
  });

  it('accepts 255 characters and refuses 256 (distribution NameTotalLengthMax)', () => {
    const longest = `${'a'.repeat(127)}/${'b'.repeat(127)}`;
    expect(longest).toHaveLength(255);
    expect(isRepositoryName(longest)).toBe(true);
    expect(isRepositoryName(`${longest}c`)).toBe(false);
  });

  it('refuses any valid name with an uppercase letter inserted', () => {
    fc.assert(
      fc.property(repositoryName, fc.nat(), fc.constantFrom(...'ABCXYZ'), (name, position, letter) => {
        expect(isRepositoryName(insertAt(name, position, letter))).toBe(false);
      }),
    );
  });

  it("refuses any valid name with '..' inserted", () => {
    fc.assert(fc.property(repositoryName, fc.nat(), (name, position) => {
      expect(isRepositoryName(insertAt(name, position, '..'))).toBe(false);
    }));
  });

  it('refuses any valid name with an empty component', () => {
    fc.assert(
      fc.property(repositoryName, fc.constantFrom('leading', 'trailing', 'inner'), (name, where) => {
        const broken = where === 'leading' ? `/${name}` : where === 'trailing' ? `${name}/` : name.includes('/') ? name.replace('/', '//') : `${name}//x`;
        expect(isRepositoryName(broken)).toBe(false);
      }),
    );
  });

  it('refuses any valid name starting or ending with a separator', () => {
    fc.assert(
      fc.property(repositoryName, fc.constantFrom('.', '_', '__', '-', '/'), fc.boolean(), (name, sep, leading) => {
        expect(isRepositoryName(leading ? sep + name : name + sep)).toBe(false);
      }),
    );
  });
});

describe('assertRepositoryName', () => {
  it('throws NAME_INVALID (400) with the rule in the message', () => {
    let caught: unknown;
    try {
      assertRepositoryName('Library/Alpine');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OciError);
    expect(caught).toMatchObject({ code: 'NAME_INVALID', status: 400 });
    expect((caught as Error).message).toContain('"Library/Alpine"');
    expect((caught as Error).message).toContain('lowercase');
  });
});

describe('isTag / assertTag', () => {
  it('accepts every tag built from the spec grammar, up to 128 characters', () => {
    fc.assert(fc.property(tag, (value) => {
      expect(isTag(value)).toBe(true);
    }));
  });

  it.each(['latest', '1.2.3', 'v1.0.0-rc.1', '_private', 'UPPER_case', 'sha256-abc.sig', 'a'.repeat(128)])('accepts %s', (value) => {
    expect(assertTag(value)).toBe(value);
  });

  it.each([
    ['empty', ''],
    ['129 characters', 'a'.repeat(129)],
    ['leading dot', '.hidden'],
    ['leading dash', '-rc'],
    ['colon', 'a:b'],
    ['slash', 'a/b'],
    ['plus', '1.0+build'],
    ['at sign', 'a@b'],
    ['space', 'a b'],
    ['trailing newline', 'latest\n'],
  ])('refuses a tag with %s as TAG_INVALID', (_label, value) => {
    expect(isTag(value)).toBe(false);
    expect(() => assertTag(value)).toThrow(expect.objectContaining({ code: 'TAG_INVALID', status: 400 }));
  });

  it('refuses any valid tag made longer than 128 characters', () => {
    fc.assert(fc.property(tag, (value) => {
      expect(isTag(value.padEnd(129, 'x'))).toBe(false);
    }));
  });
});
