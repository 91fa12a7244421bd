/**
 * /api/v1/webhooks and /api/v1/deliveries over real HTTP: who sees and manages
 * which subscription, secrets never coming back, every change audited, and the
 * delivery log of a real delivery to a loopback receiver.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventOutbox } from '../../src/events/index.js';
import { WebhookReceiver, waitFor } from '../../src/events/webhook-receiver-harness.js';
import { ADMIN, startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';

type Webhook = { id: string; url: string; types: string[]; teams: string[]; active: boolean; createdBy: string };
type ApiError = { error: { code: string; message: string } };
const SECRET = 'webhook-signing-secret-for-tests';
// Nobody listens on the discard port: subscriptions the delivery test does not watch fail fast, on loopback.
const HOOKS = 'http://127.0.0.1:9/hooks';

let airlock: TestAirlock;
let receiver: WebhookReceiver;
let dana: Credentials; // developer in payments
let sam: Credentials; // developer in search
let pat: Credentials; // developer by organisation role, only a viewer in payments
let vic: Credentials; // organisation viewer
let sec: Credentials; // security
let robot: Credentials; // a payments ci token, used as a Basic password

const create = (body: Record<string, unknown>, auth: Credentials = ADMIN) => airlock.api<Webhook & ApiError>('POST', '/webhooks', body, auth);
const list = async (auth: Credentials) => (await airlock.api<{ webhooks: Webhook[] }>('GET', '/webhooks', undefined, auth)).body.webhooks.map((w) => w.url);

beforeAll(async () => {
  airlock = await startAirlock();
  receiver = await WebhookReceiver.start();
  await airlock.createTeam('payments');
  await airlock.createTeam('search');
  dana = await airlock.createUser('dana', 'developer', [{ team: 'payments', role: 'developer' }]);
  sam = await airlock.createUser('sam', 'developer', [{ team: 'search', role: 'developer' }]);
  pat = await airlock.createUser('pat', 'developer', [{ team: 'payments', role: 'viewer' }]);
  vic = await airlock.createUser('vic', 'viewer');
  sec = await airlock.createUser('sec', 'security');
  robot = { username: 'ci', password: (await airlock.createToken('payments', 'ci')).token };
});
afterAll(async () => {
  await receiver.close();
  await airlock.close();
});

describe('webhook subscriptions', () => {
  it('creates a subscription and never returns its secret, not even in errors', async () => {
    const created = await create({ url: `${HOOKS}/all`, secret: SECRET, types: ['image.approved', 'image.rejected'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: `${HOOKS}/all`, types: ['image.approved', 'image.rejected'], teams: [], active: true, createdBy: 'admin' });
    const read = await airlock.api('GET', `/webhooks/${created.body.id}`);
    const listed = await airlock.api('GET', '/webhooks');
    for (const body of [created.body, read.body, listed.body]) expect(JSON.stringify(body)).not.toContain(SECRET);

    const weak = await create({ url: `${HOOKS}/weak`, secret: 'short-secret' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toContain('at least 16 characters');
    expect(JSON.stringify(weak.body)).not.toContain('short-secret');
    expect((await create({ url: `${HOOKS}/x`, secret: SECRET, types: ['image.pushed'] })).status).toBe(400);
    expect((await create({ url: 'ftp://127.0.0.1/x', secret: SECRET })).status).toBe(400);
    expect((await create({ url: `${HOOKS}/x`, secret: SECRET, extra: true })).status).toBe(400);
    const noTeam = await create({ url: `${HOOKS}/x`, secret: SECRET, teams: ['nope'] });
    expect(noTeam.status).toBe(404);
    expect(noTeam.body.error.message).toContain('team nope does not exist');
  });

  it('lets a developer manage subscriptions of their own teams only', async () => {
    const own = await create({ url: `${HOOKS}/payments`, secret: SECRET, teams: ['payments'] }, dana);
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ teams: ['payments'], createdBy: 'dana' });
    const everyTeam = await create({ url: `${HOOKS}/dana-all`, secret: SECRET }, dana);
    expect(everyTeam.status).toBe(403);
    expect(everyTeam.body.error.message).toContain('only for teams where they are developers');
    expect((await create({ url: `${HOOKS}/dana-search`, secret: SECRET, teams: ['search'] }, dana)).status).toBe(403);
    expect((await create({ url: `${HOOKS}/dana-both`, secret: SECRET, teams: ['payments', 'search'] }, dana)).status).toBe(403);
    const search = await create({ url: `${HOOKS}/search`, secret: SECRET, teams: ['search'] }, sam);
    expect(search.status).toBe(201);

    expect(await list(dana)).toEqual([`${HOOKS}/payments`]);
    expect(await list(sam)).toEqual([`${HOOKS}/search`]);
    // Team B's subscription does not exist as far as team A's developer can tell.
    for (const [method, path] of [
      ['GET', `/webhooks/${own.body.id}`],
      ['DELETE', `/webhooks/${own.body.id}`],
      ['POST', `/webhooks/${own.body.id}/deactivate`],
      ['GET', `/webhooks/${own.body.id}/deliveries`],
    ] as const) {
      const response = await airlock.api<ApiError>(method, path, method === 'POST' ? {} : undefined, sam);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error.message).toBe(`no webhook ${own.body.id} that you can see`);
    }
    // A team viewer sees the team's subscription but may not change it.
    expect(await list(pat)).toEqual([`${HOOKS}/payments`]);
    expect((await airlock.api('POST', `/webhooks/${own.body.id}/deactivate`, {}, pat)).status).toBe(403);
    expect((await create({ url: `${HOOKS}/pat`, secret: SECRET, teams: ['payments'] }, pat)).status).toBe(403);

    expect((await airlock.api<Webhook>('POST', `/webhooks/${own.body.id}/deactivate`, {}, dana)).body.active).toBe(false);
    expect((await airlock.api('DELETE', `/webhooks/${search.body.id}`, undefined, sam)).status).toBe(204);
    expect(await list(sam)).toEqual([]);
  });

  it('lets viewers read everything and change nothing, and refuses robot tokens', async () => {
    const all = await list(ADMIN);
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(await list(vic)).toEqual(all);
    expect(await list(sec)).toEqual(all);
    const [first] = (await airlock.api<{ webhooks: Webhook[] }>('GET', '/webhooks')).body.webhooks;
    if (!first) throw new Error('no webhook to work on');
    const viewerCreate = await create({ url: `${HOOKS}/vic`, secret: SECRET }, vic);
    expect(viewerCreate.status).toBe(403);
    expect(viewerCreate.body.error.message).toContain('viewers cannot create webhooks');
    expect((await airlock.api('DELETE', `/webhooks/${first.id}`, undefined, vic)).status).toBe(403);
    expect((await airlock.api('POST', `/webhooks/${first.id}/deactivate`, {}, vic)).status).toBe(403);
    expect((await airlock.api('GET', `/webhooks/${first.id}`, undefined, vic)).status).toBe(200);

    for (const [method, path] of [
      ['GET', '/webhooks'],
      ['POST', '/webhooks'],
      ['GET', `/webhooks/${first.id}`],
      ['DELETE', `/webhooks/${first.id}`],
      ['POST', `/webhooks/${first.id}/activate`],
    ] as const) {
      const body = method === 'POST' ? { url: `${HOOKS}/robot`, secret: SECRET, teams: ['payments'] } : undefined;
      const response = await airlock.api<ApiError>(method, path, body, robot);
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.error.message).toContain('robot tokens cannot read or manage webhooks');
    }
    expect(await list(ADMIN)).toEqual(all);
  });

  it('audits every change, as user:<name>, without the secret', async () => {
    const created = await create({ url: `${HOOKS}/audited/path?key=in-the-url`, secret: SECRET, teams: ['payments'] }, sec);
    const id = created.body.id;
    await airlock.api('POST', `/webhooks/${id}/deactivate`, {}, sec);
    await airlock.api('POST', `/webhooks/${id}/deactivate`, {}, sec); // already inactive: nothing changes, nothing audited
    await airlock.api('POST', `/webhooks/${id}/activate`, {}, sec);
    expect((await airlock.api('DELETE', `/webhooks/${id}`, undefined, sec)).status).toBe(204);
    expect((await airlock.api('GET', `/webhooks/${id}`, undefined, sec)).status).toBe(404);

    type Entry = { actor: string; action: string; target: string; details: Record<string, unknown> };
    const audit = await airlock.api<{ entries: Entry[] }>('GET', `/audit?target=${encodeURIComponent(`webhook:${id}`)}&order=oldest`);
    expect(audit.body.entries.map((entry) => [entry.actor, entry.action, entry.target])).toEqual([
      ['user:sec', 'webhook.created', `webhook:${id}`],
      ['user:sec', 'webhook.deactivated', `webhook:${id}`],
      ['user:sec', 'webhook.activated', `webhook:${id}`],
      ['user:sec', 'webhook.deleted', `webhook:${id}`],
    ]);
    expect(audit.body.entries[0]?.details).toEqual({ origin: 'http://127.0.0.1:9', types: [], teams: ['payments'], active: true });
    const everything = JSON.stringify((await airlock.api('GET', '/audit?action=webhook&limit=1000')).body);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('in-the-url');
    // A refused change leaves no trace.
    const before = (await airlock.api<{ entries: Entry[] }>('GET', '/audit?action=webhook&limit=1000')).body.entries.length;
    await create({ url: `${HOOKS}/refused`, secret: SECRET }, vic);
    await create({ url: `${HOOKS}/invalid`, secret: 'short' }, sec);
    expect((await airlock.api<{ entries: Entry[] }>('GET', '/audit?action=webhook&limit=1000')).body.entries).toHaveLength(before);
  });
});

describe('the delivery log', () => {
  it('shows deliveries and their attempts to those who see the subscription', async () => {
    const webhook = (await create({ url: receiver.url, secret: SECRET, teams: ['payments'] }, dana)).body;
    const { db } = airlock.server.database;
    const event = await EventOutbox.append(db, { type: 'image.approved', team: 'payments', subject: 'payments/api@sha256:00' });
    await waitFor('the delivery', () => receiver.eventIds().includes(event.id), 15_000);
    type Page = { deliveries: Array<{ id: string; eventId: string; status: string; attempts: number }>; nextCursor: string | null };
    const page = await waitFor('the delivery to be recorded', async () => {
      const response = await airlock.api<Page>('GET', `/webhooks/${webhook.id}/deliveries?status=delivered`, undefined, dana);
      return response.body.deliveries.length > 0 ? response.body : undefined;
    });
    expect(page.deliveries).toEqual([expect.objectContaining({ eventId: event.id, status: 'delivered', attempts: 1 })]);
    expect((await airlock.api<Page>('GET', `/webhooks/${webhook.id}/deliveries?status=dead`, undefined, dana)).body.deliveries).toEqual([]);
    expect((await airlock.api('GET', `/webhooks/${webhook.id}/deliveries?status=lost`, undefined, dana)).status).toBe(400);

    const deliveryId = page.deliveries[0]?.id ?? '';
    const attempts = await airlock.api<{ delivery: { id: string }; attempts: Array<{ attempt: number; responseStatus: number; succeeded: boolean }> }>('GET', `/deliveries/${deliveryId}/attempts`, undefined, dana);
    expect(attempts.status).toBe(200);
    expect(attempts.body.delivery.id).toBe(deliveryId);
    expect(attempts.body.attempts).toEqual([expect.objectContaining({ attempt: 1, responseStatus: 200, succeeded: true })]);
    expect((await airlock.api('GET', `/deliveries/${deliveryId}/attempts`, undefined, vic)).status).toBe(200);
    expect((await airlock.api('GET', `/deliveries/${deliveryId}/attempts`, undefined, sam)).status).toBe(404);
    expect((await airlock.api('GET', `/deliveries/${deliveryId}/attempts`, undefined, robot)).status).toBe(403);
    expect((await airlock.api('GET', '/deliveries/no-such-delivery/attempts')).status).toBe(404);
  });
});
