/**
 * The image rules, one explicit list. Each looks at one container's image and
 * reports only what is wrong (fail) or worth knowing (warn); silence is a pass.
 * Messages name the container and say what to do, because they are what
 * `kubectl apply` prints to the developer.
 *
 *   image-reference   the reference parses (lowercase path, valid host, not a bare digest)
 *   image-registry    it comes from an allowed registry (Airlock's host by default)
 *   image-quarantine  it is not a quarantine image (option denyQuarantine)
 *   image-latest      it does not float on latest (option denyLatest)
 *   image-digest      it names a digest (option denyTagWithoutDigest)
 *   image-approved    it resolves to an approved or at-risk, not revoked digest (option requireApproved)
 */
import type { AdmissionSettings } from './admission-settings.js';
import type { ApprovedSet, LookupResult } from './approved-set.js';
import { formatReference, type NormalizedReference, type ReferenceOutcome } from './image-reference.js';
import { describeImage, mirrorRepository } from './image-verdict.js';
import type { ContainerImage } from './pod-templates.js';

export type RuleStatus = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

export interface RuleResult {
  rule: string;
  status: RuleStatus;
  message: string;
  /** The container an image rule judged (its name); absent for pod-level results. */
  container?: string;
}

export interface ImageSubject {
  container: ContainerImage;
  /** `container api`, `init container setup`, `ephemeral container debugger`. */
  label: string;
  outcome: ReferenceOutcome;
  /** The host is one of the allowed (Airlock) registries. */
  fromAirlock: boolean;
}

export interface ImageRuleEnv {
  settings: AdmissionSettings;
  set: ApprovedSet;
  /** False when the cache is empty or stale: image-approved is then left to the failure mode. */
  cacheUsable: boolean;
}

export interface ImageRule {
  id: string;
  check(subject: ImageSubject, env: ImageRuleEnv): RuleResult | undefined;
}

const fail = (rule: string, message: string): RuleResult => ({ rule, status: 'fail', message });
const valid = (subject: ImageSubject): NormalizedReference | undefined => (subject.outcome.ok ? subject.outcome.reference : undefined);

const referenceRule: ImageRule = {
  id: 'image-reference',
  check(subject) {
    if (subject.outcome.ok) return undefined;
    const written = typeof subject.container.image === 'string' ? `image "${subject.container.image.slice(0, 200)}"` : 'the image';
    return fail(this.id, `${subject.label}: ${written} is not a valid image reference: ${subject.outcome.problem}`);
  },
};

const registryRule: ImageRule = {
  id: 'image-registry',
  check(subject, env) {
    const reference = valid(subject);
    // No allowed registry is known to an offline `airlock admission review` (no --server, no --registry): nothing to judge.
    if (!reference || subject.fromAirlock || env.settings.registries.length === 0) return undefined;
    const allowed = env.settings.registries.join(', ');
    return fail(this.id, `${subject.label}: image ${reference.original} is not from an allowed registry (${allowed}); ${mirrorAdvice(reference, env)}`);
  },
};

const quarantineRule: ImageRule = {
  id: 'image-quarantine',
  check(subject, env) {
    const reference = valid(subject);
    if (!reference || !subject.fromAirlock || !env.settings.images.denyQuarantine || !reference.repository.startsWith('quarantine/')) return undefined;
    const approved = reference.repository.slice('quarantine/'.length);
    return fail(this.id, `${subject.label}: image ${reference.original} is a quarantine image, which never runs; run the approved ${reference.host}/${approved} once the gate approves it`);
  },
};

const latestRule: ImageRule = {
  id: 'image-latest',
  check(subject, env) {
    const reference = valid(subject);
    if (!reference || !env.settings.images.denyLatest || reference.digest || (reference.tag !== undefined && reference.tag !== 'latest')) return undefined;
    const what = reference.implicitLatest ? 'has no tag, which means latest' : 'uses the latest tag';
    return fail(this.id, `${subject.label}: image ${reference.original} ${what}; name a version or a digest`);
  },
};

const digestRule: ImageRule = {
  id: 'image-digest',
  check(subject, env) {
    const reference = valid(subject);
    if (!reference || !env.settings.images.denyTagWithoutDigest || reference.digest) return undefined;
    const found = subject.fromAirlock && env.cacheUsable ? env.set.lookup({ repository: reference.repository, tag: reference.tag }) : undefined;
    const digest = found?.via === 'tag' ? found.image.digest : 'sha256:…';
    const pinned = formatReference({ host: reference.host, repository: reference.repository, digest });
    return fail(this.id, `${subject.label}: image ${reference.original} names no digest; pin it: ${pinned}`);
  },
};

const approvedRule: ImageRule = {
  id: 'image-approved',
  check(subject, env) {
    const reference = valid(subject);
    if (!reference || !subject.fromAirlock || !env.settings.images.requireApproved || !env.cacheUsable) return undefined;
    const parts = reference.repository.split('/');
    if (parts.length < 2 || (parts[0] === 'quarantine' && parts.length < 3) || (parts[0] === 'mirror' && parts.length < 3)) {
      return fail(this.id, `${subject.label}: image ${reference.original} is not in an approved repository; images run from <team>/<name> or mirror/<host>/<path>`);
    }
    const verdict = describeImage(reference, env.set.lookup({ repository: reference.repository, tag: reference.tag, digest: reference.digest }));
    if (verdict.status === 'pass') return undefined;
    return { rule: this.id, status: verdict.status, message: `${subject.label}: image ${reference.original} ${verdict.text}` };
  },
};

/** Every image rule, in the order their messages are listed. */
export const IMAGE_RULES: readonly ImageRule[] = [referenceRule, registryRule, quarantineRule, latestRule, digestRule, approvedRule];

assertUniqueIds(IMAGE_RULES);

/** Runs every rule on one container. */
export function checkImage(subject: ImageSubject, env: ImageRuleEnv): RuleResult[] {
  const results: RuleResult[] = [];
  for (const rule of IMAGE_RULES) {
    const result = rule.check(subject, env);
    if (result) results.push(result);
  }
  return results;
}

/** What to do with a public image: its approved mirror when Airlock has one, else how to get one. */
function mirrorAdvice(reference: NormalizedReference, env: ImageRuleEnv): string {
  const primary = env.settings.registries[0] ?? 'airlock';
  const repository = mirrorRepository(reference);
  const found: LookupResult = repository && env.cacheUsable ? env.set.lookup({ repository, tag: reference.tag, digest: reference.digest }) : undefined;
  if (found && found.via !== 'quarantine-tag' && (found.image.state === 'approved' || found.image.state === 'at-risk')) {
    return `its approved mirror is ${primary}/${repository}@${found.image.digest}`;
  }
  return `pull it through Airlock's mirror (${primary}/${repository ?? `mirror/${reference.host}/${reference.repository}`}) after adding it to the mirror catalog`;
}

function assertUniqueIds(rules: readonly ImageRule[]): void {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw new Error(`image rule ${rule.id} is listed twice`);
    seen.add(rule.id);
  }
}

/** `container api`, `init container setup`. */
export function containerLabel(container: ContainerImage): string {
  const kind = container.kind === 'initContainer' ? 'init container' : container.kind === 'ephemeralContainer' ? 'ephemeral container' : 'container';
  return `${kind} ${container.name}`;
}
