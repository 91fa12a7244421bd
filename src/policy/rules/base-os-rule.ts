/**
 * The image's base OS. `endOfLife: true` denies releases past their end of
 * life (end-of-life-dates.ts; releases older than the table's oldest count as
 * past it). `os: {family: debian, versions: "<11"}` denies a family, or some of
 * its releases (os-release-version.ts orders them). Both may be given. An image
 * whose OS is unknown, or a release the table does not know, is skipped with
 * a message rather than passed silently.
 */
import { z } from 'zod';
import type { Violation } from '../evaluation.js';
import type { PolicyOs } from '../policy-input.js';
import { inRange, type VersionRange } from '../version-range.js';
import { versionRangeSchema } from './condition-schemas.js';
import { END_OF_LIFE, FAMILY_NAMES, RELEASE_PARTS, type EndOfLifeEntry } from './end-of-life-dates.js';
import { compareOsVersions, releaseOf } from './os-release-version.js';
import { defineRuleKind } from './rule-kind.js';

const DAY_MS = 86_400_000;

const schema = z
  .strictObject({
    endOfLife: z.boolean().optional(),
    os: z.strictObject({ family: z.string().trim().min(1).toLowerCase(), versions: versionRangeSchema.optional() }).optional(),
  })
  .refine((spec) => spec.endOfLife === true || spec.os !== undefined, { message: 'give endOfLife: true, an os: {family, versions}, or both' });

type Judgement = { violation: Violation } | { note: string } | 'ok';

export const baseOsRule = defineRuleKind({
  name: 'baseOs',
  keys: ['endOfLife', 'os'],
  schema,
  evaluate(spec, subject) {
    const os = subject.input.os;
    if (!os || os.family === '') return { status: 'skip', message: 'the image has no recognisable OS (scratch or distroless without os-release)' };
    const judgements: Judgement[] = [];
    if (spec.endOfLife === true) judgements.push(judgeEndOfLife(os, subject.now));
    if (spec.os) judgements.push(judgeFamily(os, spec.os, subject.now));
    const violations = judgements.flatMap((judgement) => (typeof judgement === 'object' && 'violation' in judgement ? [judgement.violation] : []));
    const notes = judgements.flatMap((judgement) => (typeof judgement === 'object' && 'note' in judgement ? [judgement.note] : []));
    if (violations.length === 0 && notes.length === judgements.length) return { status: 'skip', message: notes.join('; ') };
    return { status: 'evaluated', violations };
  },
});

function osName(os: PolicyOs): string {
  return `${FAMILY_NAMES[os.family] ?? os.family} ${os.version}`.trim();
}

/** The moment a release is past its end of life: the start of the day after its last day. */
function endsAt(entry: EndOfLifeEntry): number {
  return Date.parse(`${entry.endOfLife}T00:00:00Z`) + DAY_MS;
}

function supportedRelease(family: string, now: number): string | undefined {
  const current = END_OF_LIFE.filter((entry) => entry.family === family && endsAt(entry) > now);
  const newest = current.sort((a, b) => compareOsVersions(b.release, a.release))[0];
  return newest ? `${FAMILY_NAMES[family] ?? family} ${newest.release}` : undefined;
}

function advice(family: string, now: number): string {
  const release = supportedRelease(family, now);
  return release ? `move to a supported release such as ${release}` : 'move to a supported base image';
}

function judgeEndOfLife(os: PolicyOs, now: number): Judgement {
  const parts = RELEASE_PARTS[os.family];
  if (parts === undefined) return { note: `no end-of-life dates are known for ${os.family}` };
  if (os.version.trim() === '') return { note: `the ${FAMILY_NAMES[os.family] ?? os.family} release is unknown` };
  const release = releaseOf(os.version, parts);
  const known = END_OF_LIFE.filter((entry) => entry.family === os.family);
  const entry = known.find((candidate) => compareOsVersions(release, candidate.release) === 0 && compareOsVersions(candidate.release, release) === 0);
  if (entry) {
    if (now < endsAt(entry)) return 'ok';
    return { violation: { message: `${osName(os)} reached end of life on ${entry.endOfLife} and gets no security updates: ${advice(os.family, now)}` } };
  }
  const oldest = [...known].sort((a, b) => compareOsVersions(a.release, b.release))[0];
  if (oldest && compareOsVersions(release, oldest.release) < 0) {
    return { violation: { message: `${osName(os)} is older than ${FAMILY_NAMES[os.family] ?? os.family} ${oldest.release}, which reached end of life on ${oldest.endOfLife}: ${advice(os.family, now)}` } };
  }
  return { note: `the end of life of ${osName(os)} is not known to this Airlock version` };
}

function judgeFamily(os: PolicyOs, wanted: { family: string; versions?: VersionRange | undefined }, now: number): Judgement {
  if (os.family.toLowerCase() !== wanted.family) return 'ok';
  const versions = wanted.versions;
  if (versions) {
    if (os.version.trim() === '') return { note: `the ${FAMILY_NAMES[os.family] ?? os.family} release is unknown` };
    if (!inRange(versions, os.version, compareOsVersions)) return 'ok';
  }
  const which = versions ? `${wanted.family} ${versions.text}` : wanted.family;
  return { violation: { message: `${osName(os)} is a base OS the policy denies (${which}): ${advice(os.family, now)}` } };
}
