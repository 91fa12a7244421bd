/**
 * Kubernetes' own Pod Security conformance fixtures (fixtures/SOURCE.md): at each fixture's level and version,
 * every pass pod is allowed and every fail pod is denied by the check its file name names.
 *
 * At the restricted level upstream replaces some baseline checks with stricter restricted ones (overrides), so a
 * restricted fail fixture named after a baseline check (hostpathvolumes0) is denied by the check that replaces it
 * there (restrictedVolumes): the test accepts the named check or one that overrides it at that version.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { CHECKS } from './checks.js';
import { checkPodSecurity, revisionAt } from './evaluate.js';
import { evaluationMinor } from './version.js';

const fixturesDir = new URL('./fixtures/', import.meta.url);
const manifest = z
  .array(
    z.object({
      file: z.string(),
      level: z.enum(['baseline', 'restricted']),
      version: z.string(),
      expected: z.enum(['allowed', 'denied']),
      check: z.string(),
    }),
  )
  .parse(JSON.parse(readFileSync(new URL('manifest.json', fixturesDir), 'utf8')));

function loadPod(file: string): { metadata?: { annotations?: Record<string, string> }; spec: unknown } {
  return parse(readFileSync(new URL(file, fixturesDir), 'utf8'));
}

/** The named check and every restricted check whose revision at `version` overrides it. */
function checksStandingFor(checkId: string, version: string): string[] {
  const minor = evaluationMinor(version);
  const overriding = CHECKS.filter((check) => revisionAt(check, minor)?.overrides?.includes(checkId)).map((check) => check.id);
  return [checkId, ...overriding];
}

describe('Kubernetes Pod Security fixtures (v1.37)', () => {
  it('covers every fixture file the shared data set lists', () => {
    expect(manifest).toHaveLength(148);
    expect(manifest.filter((entry) => entry.expected === 'allowed')).toHaveLength(38);
  });

  const allowed = manifest.filter((entry) => entry.expected === 'allowed');
  it.each(allowed.map((entry) => [entry.file, entry] as const))('allows %s', (_file, entry) => {
    expect(checkPodSecurity(loadPod(entry.file), { level: entry.level, version: entry.version })).toEqual([]);
  });

  const denied = manifest.filter((entry) => entry.expected === 'denied');
  it.each(denied.map((entry) => [entry.file, entry] as const))('denies %s for its named check', (_file, entry) => {
    const violations = checkPodSecurity(loadPod(entry.file), { level: entry.level, version: entry.version });
    const acceptable = checksStandingFor(entry.check, entry.version);
    expect(violations.map((violation) => violation.check)).toEqual(expect.arrayContaining([expect.toSatisfy((id: string) => acceptable.includes(id))]));
    for (const violation of violations) expect(violation.message.length).toBeGreaterThan(0);
  });

  it.each(denied.filter((entry) => entry.level === 'baseline').map((entry) => [entry.file, entry] as const))(
    'names exactly the check of baseline fixture %s (no overrides at baseline)',
    (_file, entry) => {
      const checks = checkPodSecurity(loadPod(entry.file), { level: 'baseline', version: entry.version }).map((v) => v.check);
      expect(checks).toContain(entry.check);
    },
  );

  it.each(denied.map((entry) => [entry.file, entry] as const))('allows %s at the privileged level', (_file, entry) => {
    expect(checkPodSecurity(loadPod(entry.file), { level: 'privileged', version: entry.version })).toEqual([]);
  });
});
