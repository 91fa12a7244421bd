/**
 * Policy documents in the database, versioned per scope (the org, or one
 * team). Every apply adds a version; nothing is overwritten, so each decision
 * can name the policy version it used. The org policy starts as the shipped
 * default, stored as version 1 the first time anyone reads or applies it.
 * Concurrency is optimistic: `expectedVersion` is the version the author
 * edited, and the (scope, version) key stops two writers taking the same number.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, PolicyVersionsTable } from '../db/index.js';
import { DEFAULT_ORG_POLICY } from './default-policy.js';
import { PolicyError } from './policy-error.js';
import { parsePolicyDocument, type PolicyDocument } from './policy-document.js';

export type PolicyScope = 'org' | `team:${string}`;

export interface PolicyVersion {
  scope: PolicyScope;
  /** The team, for a team policy. */
  team?: string;
  version: number;
  name: string;
  /** The YAML as applied. */
  text: string;
  digest: string;
  createdBy: string;
  createdAt: number;
}

export interface StoredPolicy extends PolicyVersion {
  document: PolicyDocument;
}

export interface AppliedPolicy extends StoredPolicy {
  /** False when the text equals the current version's: no new version was written. */
  changed: boolean;
}

/** Who stored the default org policy. */
export const SYSTEM_ACTOR = 'airlock';
/** Without expectedVersion an apply goes on top of whatever is current; it retries this often if another writer wins the race. */
const UNCHECKED_ATTEMPTS = 3;

export class PolicyStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: () => number,
  ) {}

  /** The org policy (seeded with the default), or a team's (undefined when the team has none). */
  async current(): Promise<StoredPolicy>;
  async current(team: string): Promise<StoredPolicy | undefined>;
  async current(team?: string): Promise<StoredPolicy | undefined> {
    const scope = scopeOf(team);
    if (scope === 'org') await this.seed();
    const row = await this.latest(scope);
    return row && stored(row);
  }

  /**
   * Stores `text` as the next version of the policy it names (a team policy by
   * `metadata.team`). Throws POLICY_INVALID for a bad document and CONFLICT when
   * `expectedVersion` is not the current version.
   */
  async apply(text: string, actor: string, expectedVersion?: number): Promise<AppliedPolicy> {
    const document = parsePolicyDocument(text);
    const createdBy = actor.trim();
    if (createdBy === '') throw new PolicyError('POLICY_INVALID', 'applying a policy needs the name of who applies it');
    const scope = scopeOf(document.metadata.team);
    if (scope === 'org') await this.seed();
    const digest = digestOf(text);
    for (let attempt = 1; ; attempt++) {
      const latest = await this.latest(scope);
      const currentVersion = latest?.version ?? 0;
      if (expectedVersion !== undefined && expectedVersion !== currentVersion) throw conflict(scope, currentVersion, expectedVersion);
      if (latest && latest.digest === digest) return { ...stored(latest), changed: false };
      const row: PolicyVersionsTable = { scope, version: currentVersion + 1, name: document.metadata.name, document: text, digest, createdBy, createdAt: this.clock() };
      const inserted = await this.insert(row);
      if (inserted) return { ...toVersion(row), document, changed: true };
      // Another writer took version n+1 between our read and write.
      if (expectedVersion !== undefined || attempt >= UNCHECKED_ATTEMPTS) {
        const now = (await this.latest(scope))?.version ?? currentVersion + 1;
        throw conflict(scope, now, expectedVersion ?? currentVersion);
      }
    }
  }

  /** Every version, newest first. */
  async history(team?: string): Promise<PolicyVersion[]> {
    const scope = scopeOf(team);
    if (scope === 'org') await this.seed();
    const rows = await this.db.selectFrom('policyVersions').selectAll().where('scope', '=', scope).orderBy('version', 'desc').execute();
    return rows.map(toVersion);
  }

  async version(version: number, team?: string): Promise<StoredPolicy> {
    const scope = scopeOf(team);
    if (scope === 'org') await this.seed();
    const row = await this.db.selectFrom('policyVersions').selectAll().where('scope', '=', scope).where('version', '=', version).executeTakeFirst();
    if (!row) throw new PolicyError('NOT_FOUND', `${describe(scope)} has no version ${version}`);
    return stored(row);
  }

  private async latest(scope: PolicyScope): Promise<Selectable<PolicyVersionsTable> | undefined> {
    return this.db.selectFrom('policyVersions').selectAll().where('scope', '=', scope).orderBy('version', 'desc').limit(1).executeTakeFirst();
  }

  private async insert(row: PolicyVersionsTable): Promise<boolean> {
    const result = await this.db
      .insertInto('policyVersions')
      .values(row)
      .onConflict((conflict) => conflict.columns(['scope', 'version']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** Stores the default org policy as version 1 unless a version exists; racing seeders are harmless. */
  private async seed(): Promise<void> {
    if (await this.latest('org')) return;
    await this.insert({ scope: 'org', version: 1, name: 'org', document: DEFAULT_ORG_POLICY, digest: digestOf(DEFAULT_ORG_POLICY), createdBy: SYSTEM_ACTOR, createdAt: this.clock() });
  }
}

function scopeOf(team: string | undefined): PolicyScope {
  return team === undefined ? 'org' : `team:${team}`;
}

function describe(scope: PolicyScope): string {
  return scope === 'org' ? 'the org policy' : `team ${scope.slice('team:'.length)}'s policy`;
}

function conflict(scope: PolicyScope, currentVersion: number, expectedVersion: number): PolicyError {
  return new PolicyError(
    'CONFLICT',
    `${describe(scope)} is at version ${currentVersion}, not ${expectedVersion}: someone applied a change since you read it; review version ${currentVersion} and apply again`,
    { detail: { scope, currentVersion, expectedVersion } },
  );
}

function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function toVersion(row: Selectable<PolicyVersionsTable> | PolicyVersionsTable): PolicyVersion {
  const scope = row.scope as PolicyScope;
  return {
    scope,
    ...(scope === 'org' ? {} : { team: scope.slice('team:'.length) }),
    version: Number(row.version),
    name: row.name,
    text: row.document,
    digest: row.digest,
    createdBy: row.createdBy,
    createdAt: Number(row.createdAt),
  };
}

function stored(row: Selectable<PolicyVersionsTable>): StoredPolicy {
  return { ...toVersion(row), document: parsePolicyDocument(row.document) };
}
