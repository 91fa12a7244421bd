/** `airlock webhook …` and `airlock audit …` against a running server: output, exit codes, streaming export, tamper detection. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeEntryHash, GENESIS_HASH, verifyAuditLog, type JsonObject } from '../../src/audit/index.js';
import { allowTampering } from '../../src/audit/test-database-harness.js';
import { EventOutbox } from '../../src/events/index.js';
import { WebhookReceiver, waitFor } from '../../src/events/webhook-receiver-harness.js';
import { ADMIN, startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

const SECRET = 'cli-webhook-secret-0123456789';
let airlock: TestAirlock;
let receiver: WebhookReceiver;
let scratch: string;
let dana: Credentials;
let vic: Credentials;
let ciToken: string;
/** Audit entries written while setting up (team, users, token). */
let setup = 0;

function cli(args: string[], as: Credentials = ADMIN, stdin?: string): Promise<CliResult> {
  return runCli(args, { AIRLOCK_SERVER: airlock.url, AIRLOCK_USERNAME: as.username, AIRLOCK_PASSWORD: as.password }, stdin);
}

function json<T>(result: CliResult): T {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

beforeAll(async () => {
  airlock = await startAirlock();
  receiver = await WebhookReceiver.start();
  scratch = await mkdtemp(path.join(tmpdir(), 'airlock-cli-audit-'));
  await airlock.createTeam('payments');
  dana = await airlock.createUser('dana', 'developer', [{ team: 'payments', role: 'developer' }]);
  vic = await airlock.createUser('vic', 'viewer');
  ciToken = (await airlock.createToken('payments', 'ci')).token;
  setup = (await verifyAuditLog(airlock.server.database.db)).entries;
});
afterAll(async () => {
  await receiver.close();
  await airlock.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('airlock webhook', () => {
  let webhookId = '';

  it('creates subscriptions without ever printing the secret, and lists them', async () => {
    const created = await cli(['webhook', 'create', '--url', receiver.url, '--secret', SECRET, '--types', 'image.approved, image.rejected', '--team', 'payments', '--json']);
    const webhook = json<{ id: string; url: string; types: string[]; teams: string[] }>(created);
    expect(webhook).toMatchObject({ url: receiver.url, types: ['image.approved', 'image.rejected'], teams: ['payments'] });
    expect(created.stdout).not.toContain(SECRET);
    webhookId = webhook.id;

    const fromStdin = await cli(['webhook', 'create', '--url', 'http://127.0.0.1:9/dana', '--secret-stdin', '--team', 'payments'], dana, `${SECRET}\n`);
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toMatch(/^createdBy:\s+dana$/m);

    const table = await cli(['webhook', 'list']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+URL\s+TYPES\s+TEAMS\s+ACTIVE\s+CREATEDBY\s+CREATEDAT$/);
    expect(table.stdout).toMatch(new RegExp(`${webhookId}\\s+${receiver.url}\\s+image.approved,image.rejected\\s+payments\\s+true\\s+admin`));
    expect(table.stdout).not.toContain(SECRET);
    expect(json<Array<{ createdBy: string }>>(await cli(['webhook', 'list', '--json'], dana)).map((w) => w.createdBy)).toEqual(['admin', 'dana']);
  });

  it('shows the delivery log of a subscription', async () => {
    const event = await EventOutbox.append(airlock.server.database.db, { type: 'image.approved', team: 'payments', subject: 'payments/api@sha256:01' });
    await waitFor('the delivery', () => receiver.eventIds().includes(event.id), 15_000);
    const delivered = await waitFor('the delivery to be recorded', async () => {
      const result = await cli(['webhook', 'deliveries', webhookId, '--status', 'delivered', '--json']);
      const page = json<{ deliveries: Array<{ eventId: string; status: string }> }>(result);
      return page.deliveries.length > 0 ? page : undefined;
    });
    expect(delivered.deliveries).toEqual([expect.objectContaining({ eventId: event.id, status: 'delivered' })]);
    const table = await cli(['webhook', 'deliveries', webhookId]);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+EVENTTYPE\s+STATUS\s+ATTEMPTS\s+LASTRESPONSESTATUS/);
    expect(table.stdout).toMatch(/image\.approved\s+delivered\s+1\s+200/);
    expect(JSON.parse((await cli(['webhook', 'deliveries', webhookId, '--status', 'dead', '--json'])).stdout)).toEqual({ deliveries: [], nextCursor: null });
  });

  it('fails with the server’s reason and the right exit code', async () => {
    const everyTeam = await cli(['webhook', 'create', '--url', 'http://127.0.0.1:9/x', '--secret', SECRET], dana);
    expect(everyTeam.code).toBe(1);
    expect(everyTeam.stderr).toContain('developers may create webhooks only for teams where they are developers');
    const viewer = await cli(['webhook', 'delete', webhookId], vic);
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toContain('[DENIED]');
    const robot = await runCli(['webhook', 'list'], { AIRLOCK_SERVER: airlock.url, AIRLOCK_TOKEN: ciToken });
    expect(robot.code).toBe(1);
    expect(robot.stderr).toContain('robot tokens cannot read or manage webhooks');
    expect((await cli(['webhook', 'create', '--secret', SECRET])).code).toBe(2);
    const noSecret = await cli(['webhook', 'create', '--url', 'http://127.0.0.1:9/x']);
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('--secret or --secret-stdin');
  });

  it('deletes subscriptions', async () => {
    const deleted = await cli(['webhook', 'delete', webhookId]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toMatch(new RegExp(`^deleted:\\s+${webhookId}$`, 'm'));
    expect(json<Array<{ id: string }>>(await cli(['webhook', 'list', '--json'])).map((w) => w.id)).not.toContain(webhookId);
    const again = await cli(['webhook', 'delete', webhookId]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`no webhook ${webhookId} that you can see`);
  });
});

describe('airlock audit', () => {
  it('lists entries, filtered', async () => {
    const listed = json<{ entries: Array<{ actor: string; action: string }> }>(await cli(['audit', 'list', '--action', 'webhook', '--order', 'oldest', '--json'], vic));
    expect(listed.entries.map((entry) => `${entry.actor} ${entry.action}`)).toEqual(['user:admin webhook.created', 'user:dana webhook.created', 'user:admin webhook.deleted']);
    const table = await cli(['audit', 'list', '--actor', 'user:dana', '--since', '1h']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^SEQ\s+TIME\s+ACTOR\s+ACTION\s+TARGET\s+DETAILS$/);
    expect(table.stdout).toMatch(new RegExp(`^${setup + 2}\\s+\\d{4}-\\d\\d-\\d\\dT\\S+Z\\s+user:dana\\s+webhook\\.created\\s+webhook:\\S+\\s+\\{"active":true`, 'm'));
    expect(table.stdout.trim().split('\n')).toHaveLength(2);
    const denied = await cli(['audit', 'list'], dana);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('reading the audit trail needs one of the roles admin, security, viewer');
  });

  it('exports JSON Lines to a file or stdout, and the chain in it re-verifies', async () => {
    const file = path.join(scratch, 'audit.jsonl');
    const written = await cli(['audit', 'export', '--format', 'jsonl', '--output', file], vic);
    expect(written).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const text = await readFile(file, 'utf8');
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as { seq: number; time: string; actor: string; action: string; target: string | null; details: JsonObject; prevHash: string; hash: string });
    expect(lines.map((line) => line.seq)).toEqual(Array.from({ length: setup + 3 }, (_, i) => i + 1));
    let prevHash = GENESIS_HASH;
    for (const { seq, time, actor, action, target, details, prevHash: linked, hash } of lines) {
      expect(linked).toBe(prevHash);
      expect(computeEntryHash(linked, { seq, time: Date.parse(time), actor, action, target, details })).toBe(hash);
      prevHash = hash;
    }
    expect((await cli(['audit', 'export', '--since', '1h'], vic)).stdout).toBe(text);
    expect(await cli(['audit', 'export', '--since', '2999-01-01'], vic)).toMatchObject({ code: 0, stdout: '' });
    const csv = await cli(['audit', 'export', '--format', 'csv'], vic);
    expect(csv.code).toBe(1);
    expect(csv.stderr).toContain('only jsonl is supported');
  });

  it('verify exits 0 while the chain is intact and 1 naming the first bad entry', async () => {
    const intact = await cli(['audit', 'verify']);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(new RegExp(`^audit trail intact: ${setup + 3} entries, head ${setup + 3} [0-9a-f]{64}$`, 'm'));
    expect(json<{ ok: boolean; entries: number }>(await cli(['audit', 'verify', '--json']))).toMatchObject({ ok: true, entries: setup + 3 });
    const viewer = await cli(['audit', 'verify'], vic);
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toContain('verifying the audit trail needs one of the roles admin, security');

    await allowTampering(airlock.server.database);
    await airlock.server.database.db.updateTable('auditLog').set({ actor: 'user:mallory' }).where('seq', '=', setup + 2).execute();
    const broken = await cli(['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`audit trail broken at entry ${setup + 2} (hash-mismatch)`);
    expect(broken.stderr).toContain(`${setup + 1} entries before it are intact`);
    const brokenJson = await cli(['audit', 'verify', '--json']);
    expect(brokenJson.code).toBe(1);
    expect(JSON.parse(brokenJson.stdout)).toMatchObject({ ok: false, firstBad: { seq: setup + 2, reason: 'hash-mismatch' } });
  });
});
