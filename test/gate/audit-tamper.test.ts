/**
 * The audit trail against someone who can write the database file: after real
 * pushes and verdicts, `airlock audit verify` (the CLI, against the running
 * server's API) exits 0; then the SQLite file is opened by a second connection,
 * the append-only triggers dropped (as the file's owner could) and one entry
 * edited, re-hashed, deleted or moved — each time verify exits 1 and names the
 * first bad entry. Between cases the trail is put back and verifies again.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { computeEntryHash, type JsonObject } from '../../src/audit/index.js';
import { waitFor } from '../../src/events/webhook-receiver-harness.js';
import { VulnerabilityDatabase } from '../../src/scan/index.js';
import { ADMIN, startAirlock, type TestAirlock } from '../helpers/airlock.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { skopeo } from '../helpers/skopeo.js';

const layout = path.join(inject('testImagesDir'), 'oci');
const OSV = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories');

interface AuditRow {
  seq: number;
  time: number;
  actor: string;
  action: string;
  target: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

let airlock: TestAirlock;
/** The attacker's own connection to the database file. */
let file: Database.Database;
let original: AuditRow[];

function verify(): Promise<CliResult> {
  return runCli(['audit', 'verify'], { AIRLOCK_SERVER: airlock.url, AIRLOCK_USERNAME: ADMIN.username, AIRLOCK_PASSWORD: ADMIN.password });
}

function rows(): AuditRow[] {
  return file.prepare('select * from audit_log order by seq').all() as AuditRow[];
}

function row(seq: number): AuditRow {
  return rows().find((entry) => entry.seq === seq) as AuditRow;
}

/** Puts the trail back exactly as it was before a case tampered with it. */
function restore(): void {
  file.transaction(() => {
    file.prepare('delete from audit_log').run();
    const insert = file.prepare('insert into audit_log (seq, time, actor, action, target, details, prev_hash, hash) values (@seq, @time, @actor, @action, @target, @details, @prev_hash, @hash)');
    for (const entry of original) insert.run(entry);
  })();
}

async function expectBroken(seq: number, reason: string): Promise<void> {
  const result = await verify();
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(`audit trail broken at entry ${seq} (${reason})`);
  expect(result.stderr).toContain(`${seq - 1} entries before it are intact`);
}

beforeAll(async () => {
  airlock = await startAirlock({ config: { gate: { workers: 1, pollInterval: '100ms' } } });
  await airlock.createTeam('acme');
  const ci = (await airlock.createToken('acme', 'ci')).token;
  await new VulnerabilityDatabase(airlock.server.database.db).update({ sources: [path.join(OSV, 'ghsa-npm-maven-rubygems/advisories')] });
  // One after the other, so the rejection is an entry in the middle of the trail (pushed, rejected, pushed, approved):
  // changes at the end of a chain are only caught against a head recorded elsewhere.
  for (const [tag, ref, state] of [['nodeapp', 'quarantine/acme/nodeapp:1.0', 'rejected'], ['debian', 'quarantine/acme/debian:12', 'approved']] as const) {
    await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', `ci:${ci}`, `oci:${layout}:${tag}`, `docker://${airlock.host}/${ref}`]);
    await waitFor(`${ref} to be ${state}`, async () => (await airlock.api<{ state: string }>('GET', `/images/status?ref=${encodeURIComponent(ref)}`)).body.state === state, 60_000);
  }
  file = new Database(path.join(airlock.dataDir, 'airlock.db'));
  file.pragma('busy_timeout = 5000');
  original = rows();
});
afterAll(async () => {
  file?.close();
  await airlock?.close();
});

describe('airlock audit verify against a tampered database', () => {
  let rejected: AuditRow;

  it('verifies the trail the pushes and verdicts wrote', async () => {
    const images = original.filter((entry) => entry.action.startsWith('image.'));
    expect(images.map((entry) => `${entry.action} ${entry.target?.split('@')[0]}`)).toEqual([
      'image.pushed quarantine/acme/nodeapp',
      'image.rejected quarantine/acme/nodeapp',
      'image.pushed quarantine/acme/debian',
      'image.approved quarantine/acme/debian',
    ]);
    rejected = images[1] as AuditRow;
    expect(rejected.seq).toBeGreaterThan(1);
    const intact = await verify();
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(new RegExp(`^audit trail intact: ${original.length} entries, head ${original.length} [0-9a-f]{64}$`, 'm'));
  });

  it('refuses UPDATE and DELETE while the append-only triggers are there', () => {
    expect(() => file.prepare('update audit_log set actor = ? where seq = 1').run('user:mallory')).toThrow(/append-only/);
    expect(() => file.prepare('delete from audit_log where seq = 1').run()).toThrow(/append-only/);
    file.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete');
  });

  it('names an edited entry (a rejection rewritten as an approval)', async () => {
    file.prepare("update audit_log set action = 'image.approved', details = ? where seq = ?").run('{"cause":"scan","reasons":[]}', rejected.seq);
    await expectBroken(rejected.seq, 'hash-mismatch');
    restore();
    expect((await verify()).code).toBe(0);
  });

  it('names the entry after an edited one whose hash was recomputed to match', async () => {
    const forged = { seq: rejected.seq, time: rejected.time, actor: rejected.actor, action: 'image.approved', target: rejected.target, details: { cause: 'scan', reasons: [] } as JsonObject };
    const hash = computeEntryHash(rejected.prev_hash, forged);
    file.prepare("update audit_log set action = 'image.approved', details = ?, hash = ? where seq = ?").run(JSON.stringify(forged.details), hash, rejected.seq);
    // The forged entry is consistent in itself; the chain breaks at the next one, whose prevHash still names the real entry.
    await expectBroken(rejected.seq + 1, 'broken-link');
    restore();
    expect((await verify()).code).toBe(0);
  });

  it('names a deleted entry', async () => {
    file.prepare('delete from audit_log where seq = ?').run(rejected.seq);
    await expectBroken(rejected.seq, 'missing');
    restore();
    expect((await verify()).code).toBe(0);
  });

  it('names the first of two entries that swapped places', async () => {
    const [a, b] = [row(rejected.seq - 1), row(rejected.seq)];
    file.transaction(() => {
      // Through a free number: seq is the primary key (and must stay positive).
      const free = original.length + 1000;
      file.prepare('update audit_log set seq = ? where seq = ?').run(free, a.seq);
      file.prepare('update audit_log set seq = ? where seq = ?').run(a.seq, b.seq);
      file.prepare('update audit_log set seq = ? where seq = ?').run(b.seq, free);
    })();
    expect(row(a.seq).hash).toBe(b.hash);
    await expectBroken(a.seq, 'broken-link');
    restore();
    expect((await verify()).code).toBe(0);
  });

  it('says so in --json as well', async () => {
    file.prepare('update audit_log set actor = ? where seq = 1').run('user:mallory');
    const result = await runCli(['audit', 'verify', '--json'], { AIRLOCK_SERVER: airlock.url, AIRLOCK_USERNAME: ADMIN.username, AIRLOCK_PASSWORD: ADMIN.password });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, entries: 0, head: null, firstBad: { seq: 1, reason: 'hash-mismatch' } });
    restore();
  });
});
