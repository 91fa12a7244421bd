import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareLevels, parseLevel } from './level.js';
import { formatLevelVersion, parseLevelVersion } from './level-version.js';
import { PodSecurityError } from './pod-security-error.js';
import { evaluationMinor, isPodSecurityVersion, LATEST_MINOR, LATEST_POD_SECURITY_VERSION, parseVersion } from './version.js';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(PodSecurityError);
    return (error as PodSecurityError).code;
  }
  return undefined;
}

describe('parseLevelVersion', () => {
  it('reads a level alone as that level at latest', () => {
    expect(parseLevelVersion('restricted')).toEqual({ level: 'restricted', version: 'latest' });
  });

  it('reads level:version', () => {
    expect(parseLevelVersion('restricted:v1.37')).toEqual({ level: 'restricted', version: 'v1.37' });
    expect(parseLevelVersion('baseline:latest')).toEqual({ level: 'baseline', version: 'latest' });
    expect(parseLevelVersion('privileged:v1.0')).toEqual({ level: 'privileged', version: 'v1.0' });
  });

  it.each(['', 'Restricted', 'strict', 'restricted ', ':v1.2', 'baseline,restricted'])('rejects the level of %j', (text) => {
    expect(codeOf(() => parseLevelVersion(text))).toBe('POD_SECURITY_LEVEL_INVALID');
  });

  it.each(['restricted:', 'restricted:1.25', 'restricted:v2.0', 'restricted:v1.025', 'restricted:v1', 'baseline:Latest', 'baseline:v1.2:x'])(
    'rejects the version of %j',
    (text) => {
      expect(codeOf(() => parseLevelVersion(text))).toBe('POD_SECURITY_VERSION_INVALID');
    },
  );

  it('names the bad value in the message, with a 400 status', () => {
    const error = (() => {
      try {
        return parseLevelVersion('strict:v1.25');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toMatchObject({ status: 400, code: 'POD_SECURITY_LEVEL_INVALID' });
    expect((error as Error).message).toContain('"strict"');
  });

  it('round-trips through formatLevelVersion', () => {
    fc.assert(
      fc.property(fc.constantFrom('privileged', 'baseline', 'restricted'), fc.nat(60), fc.boolean(), (level, minor, latest) => {
        const text = `${level}:${latest ? 'latest' : `v1.${minor}`}`;
        expect(formatLevelVersion(parseLevelVersion(text))).toBe(text);
      }),
    );
  });

  it('either parses or throws a PodSecurityError on any text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          parseLevelVersion(text);
        } catch (error) {
          expect(error).toBeInstanceOf(PodSecurityError);
        }
      }),
    );
  });
});

describe('policy versions', () => {
  it('accepts latest and v1.<minor> without leading zeros, as upstream', () => {
    expect(['latest', 'v1.0', 'v1.9', 'v1.37', 'v1.120'].every(isPodSecurityVersion)).toBe(true);
    expect(['v1.01', 'v1.-1', 'V1.2', 'v1.2.3', 'latest ', 1.2].some(isPodSecurityVersion)).toBe(false);
    expect(codeOf(() => parseVersion('v3'))).toBe('POD_SECURITY_VERSION_INVALID');
  });

  it('evaluates latest and versions newer than the newest implemented one at the newest', () => {
    expect(LATEST_POD_SECURITY_VERSION).toBe('v1.37');
    expect(evaluationMinor('latest')).toBe(LATEST_MINOR);
    expect(evaluationMinor('v1.99')).toBe(LATEST_MINOR);
    expect(evaluationMinor('v1.25')).toBe(25);
    expect(evaluationMinor('v1.0')).toBe(0);
  });
});

describe('levels', () => {
  it('orders privileged < baseline < restricted', () => {
    expect(compareLevels('privileged', 'baseline')).toBeLessThan(0);
    expect(compareLevels('restricted', 'baseline')).toBeGreaterThan(0);
    expect(compareLevels('baseline', 'baseline')).toBe(0);
    expect(codeOf(() => parseLevel('BASELINE'))).toBe('POD_SECURITY_LEVEL_INVALID');
  });
});
