/** The Docker token flow, Basic auth, and who may touch which repository. */
import { SignJWT, generateKeyPair, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, basicAuth, startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';
import { RegistryClient, parseChallenge } from '../helpers/registry-client.js';

let airlock: TestAirlock;
let offset = 0;
let admin: RegistryClient;
let ciToken: string;
let pullerToken: string;

beforeAll(async () => {
  airlock = await startAirlock({ clock: () => Date.now() + offset });
  for (const team of ['acme', 'beta']) await airlock.createTeam(team);
  admin = new RegistryClient(airlock.url, basicAuth(ADMIN));
  await admin.pushImage('quarantine/acme/app', '1');
  await admin.pushImage('quarantine/beta/app', '1');
  expect((await airlock.api('POST', '/promotions', { source: 'quarantine/acme/app:1' })).status).toBe(201);
  ciToken = (await airlock.createToken('acme', 'ci')).token;
  pullerToken = (await airlock.createToken('acme', 'puller')).token;
});
afterAll(() => airlock.close());

const basic = (username: string, password: string) => new RegistryClient(airlock.url, basicAuth({ username, password }));

async function tokenFor(credentials: Credentials, scope: string): Promise<{ status: number; token?: string; access?: unknown }> {
  const response = await fetch(`${airlock.url}/auth/token?service=airlock&scope=${encodeURIComponent(scope)}`, { headers: { authorization: basicAuth(credentials) } });
  if (response.status !== 200) return { status: response.status };
  const body = (await response.json()) as { token: string };
  const payload = JSON.parse(Buffer.from(body.token.split('.')[1] as string, 'base64url').toString()) as { access: unknown };
  return { status: 200, token: body.token, access: payload.access };
}

describe('challenge and token flow', () => {
  it('challenges anonymous requests with realm, service and scope', async () => {
    const response = await fetch(`${airlock.url}/v2/quarantine/acme/app/manifests/1`);
    expect(response.status).toBe(401);
    expect(parseChallenge(response.headers.get('www-authenticate'))).toEqual({
      realm: `${airlock.url}/auth/token`,
      service: 'airlock',
      scope: 'repository:quarantine/acme/app:pull',
    });
    expect(((await response.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('UNAUTHORIZED');
  });

  it('issues a token for what the caller may do, which then authorizes the request', async () => {
    const granted = await tokenFor({ username: 'ci', password: ciToken }, 'repository:quarantine/acme/app:pull,push repository:acme/app:pull,push repository:quarantine/beta/app:pull');
    expect(granted.access).toEqual([
      { type: 'repository', name: 'quarantine/acme/app', actions: ['pull', 'push'] },
      { type: 'repository', name: 'acme/app', actions: ['pull'] },
      { type: 'repository', name: 'quarantine/beta/app', actions: [] },
    ]);
    const bearer = new RegistryClient(airlock.url, `Bearer ${granted.token}`);
    expect((await bearer.request('GET', '/v2/quarantine/acme/app/manifests/1')).status).toBe(200);
    expect((await bearer.request('GET', '/v2/acme/app/manifests/1')).status).toBe(200);
    const denied = await bearer.request('GET', '/v2/quarantine/beta/app/manifests/1');
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('this token belongs to team acme, not beta');
    const unscoped = await bearer.request('GET', '/v2/quarantine/acme/other/manifests/1');
    expect(unscoped.status).toBe(401);
    expect(parseChallenge(unscoped.headers.get('www-authenticate')).error).toBe('insufficient_scope');
  });

  it('refuses the token endpoint without or with wrong credentials', async () => {
    expect((await fetch(`${airlock.url}/auth/token?scope=repository:acme/app:pull`)).status).toBe(401);
    expect((await tokenFor({ username: 'admin', password: 'not-the-password' }, 'repository:acme/app:pull')).status).toBe(401);
    expect((await tokenFor({ username: 'nobody', password: 'whatever-password' }, 'repository:acme/app:pull')).status).toBe(401);
  });

  it('supports the OAuth2 password grant (containerd)', async () => {
    const form = new URLSearchParams({ grant_type: 'password', username: ADMIN.username, password: ADMIN.password, service: 'airlock', scope: 'repository:acme/app:pull' });
    const response = await fetch(`${airlock.url}/auth/token`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; scope: string };
    expect(body.scope).toBe('repository:acme/app:pull');
    expect((await new RegistryClient(airlock.url, `Bearer ${body.access_token}`).request('GET', '/v2/acme/app/tags/list')).status).toBe(200);
    const wrong = await fetch(`${airlock.url}/auth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', username: 'admin', password: 'nope' }) });
    expect(wrong.status).toBe(401);
    expect((await fetch(`${airlock.url}/auth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token' }) })).status).toBe(400);
  });

  it('rejects expired, forged and foreign tokens', async () => {
    const { token } = await tokenFor(ADMIN, 'repository:acme/app:pull');
    const path = '/v2/acme/app/manifests/1';
    offset = 6 * 60_000;
    const expired = await new RegistryClient(airlock.url, `Bearer ${token}`).request('GET', path);
    offset = 0;
    expect(expired.status).toBe(401);
    expect(parseChallenge(expired.headers.get('www-authenticate')).error).toBe('invalid_token');
    expect(await expired.text()).toContain('expired');

    const [header, payload, signature] = (token as string).split('.') as [string, string, string];
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), access: [{ type: 'repository', name: 'quarantine/beta/app', actions: ['pull', 'push'] }] })).toString('base64url');
    expect((await new RegistryClient(airlock.url, `Bearer ${header}.${widened}.${signature}`).request('GET', '/v2/quarantine/beta/app/manifests/1')).status).toBe(401);

    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ access: [{ type: 'repository', name: 'acme/app', actions: ['pull'] }] })
      .setProtectedHeader({ alg: 'ES256', kid: decodeProtectedHeader(token as string).kid as string })
      .setIssuer('airlock').setAudience('airlock').setSubject('user:x').setIssuedAt().setExpirationTime('5m')
      .sign(privateKey);
    expect((await new RegistryClient(airlock.url, `Bearer ${forged}`).request('GET', path)).status).toBe(401);
    expect((await new RegistryClient(airlock.url, 'Bearer not.a.jwt').request('GET', path)).status).toBe(401);
    expect((await new RegistryClient(airlock.url, 'Digest something').request('GET', path)).status).toBe(401);
  });
});

describe('robot tokens', () => {
  it('work as a Basic password and as a Bearer credential', async () => {
    expect((await basic('anything', ciToken).request('GET', '/v2/quarantine/acme/app/manifests/1')).status).toBe(200);
    expect((await new RegistryClient(airlock.url, `Bearer ${ciToken}`).request('GET', '/v2/quarantine/acme/app/manifests/1')).status).toBe(200);
  });

  it('stop working at once when revoked, and when expired', async () => {
    const { id, token } = await airlock.createToken('acme', 'ci', '1h');
    const client = basic('ci', token);
    expect((await client.request('GET', '/v2/quarantine/acme/app/tags/list')).status).toBe(200);
    offset = 2 * 3_600_000;
    const expired = await client.request('GET', '/v2/quarantine/acme/app/tags/list');
    offset = 0;
    expect(expired.status).toBe(401);
    expect(await expired.text()).toContain('has expired');
    expect((await airlock.api('DELETE', `/tokens/${id}`)).status).toBe(200);
    const revoked = await client.request('GET', '/v2/quarantine/acme/app/tags/list');
    expect(revoked.status).toBe(401);
    expect(await revoked.text()).toContain('was revoked');
    expect((await tokenFor({ username: 'ci', password: token }, 'repository:quarantine/acme/app:pull')).status).toBe(401);
  });

  it('puller tokens pull approved images of their team only', async () => {
    const puller = basic('cluster', pullerToken);
    expect((await puller.request('GET', '/v2/acme/app/manifests/1')).status).toBe(200);
    expect((await puller.request('GET', '/v2/quarantine/acme/app/manifests/1')).status).toBe(403);
    expect((await puller.request('POST', '/v2/quarantine/acme/app/blobs/uploads/')).status).toBe(403);
    expect((await puller.request('GET', '/v2/mirror/docker.io/library/debian/tags/list')).status).toBe(404);
  });
});

describe('the gated layout', () => {
  it('refuses every push to approved and mirror repositories, even for admins, with a way forward', async () => {
    for (const repository of ['acme/app', 'mirror/docker.io/grafana/grafana']) {
      const response = await admin.request('POST', `/v2/${repository}/blobs/uploads/`);
      expect(response.status).toBe(403);
      const body = (await response.json()) as { errors: Array<{ code: string; message: string }> };
      expect(body.errors[0]?.code).toBe('DENIED');
      expect(body.errors[0]?.message).toMatch(/written only by promotion/);
    }
    expect(((await (await admin.request('PUT', '/v2/acme/app/manifests/2', { body: '{}' })).json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('DENIED');
  });

  it('keeps approved tags immutable', async () => {
    await admin.pushImage('quarantine/acme/app', '1', { annotations: { changed: 'yes' } });
    const again = await airlock.api<{ error: { code: string; message: string } }>('POST', '/promotions', { source: 'quarantine/acme/app:1' });
    expect(again.status).toBe(403);
    expect(again.body.error.message).toMatch(/immutable/);
    expect((await admin.request('DELETE', '/v2/acme/app/manifests/1')).status).toBe(403);
  });

  it('applies team roles: developers push, viewers pull, outsiders see nothing', async () => {
    const dev = await airlock.createUser('dev', 'developer', [{ team: 'acme', role: 'developer' }]);
    const viewer = await airlock.createUser('view', 'developer', [{ team: 'acme', role: 'viewer' }]);
    const outsider = await airlock.createUser('outsider', 'developer', [{ team: 'beta', role: 'developer' }]);
    const security = await airlock.createUser('sec', 'security');
    await new RegistryClient(airlock.url, basicAuth(dev)).pushImage('quarantine/acme/dev', '1');
    expect((await basic(viewer.username, viewer.password).request('GET', '/v2/quarantine/acme/dev/manifests/1')).status).toBe(200);
    const viewerPush = await basic(viewer.username, viewer.password).request('POST', '/v2/quarantine/acme/dev/blobs/uploads/');
    expect(viewerPush.status).toBe(403);
    expect(await viewerPush.text()).toContain('viewer of team acme');
    expect((await basic(outsider.username, outsider.password).request('GET', '/v2/acme/app/manifests/1')).status).toBe(403);
    expect((await basic(security.username, security.password).request('GET', '/v2/quarantine/beta/app/manifests/1')).status).toBe(200);
    expect((await basic(security.username, security.password).request('POST', '/v2/quarantine/beta/app/blobs/uploads/')).status).toBe(403);
    const unknownTeam = await admin.request('POST', '/v2/quarantine/nosuchteam/app/blobs/uploads/');
    expect(unknownTeam.status).toBe(403);
    expect(await unknownTeam.text()).toContain('airlock team create nosuchteam');
  });

  it('lists in the catalog only what the caller may pull', async () => {
    const catalog = async (client: RegistryClient) => ((await (await client.request('GET', '/v2/_catalog')).json()) as { repositories: string[] }).repositories;
    expect(await catalog(admin)).toEqual(expect.arrayContaining(['acme/app', 'quarantine/acme/app', 'quarantine/beta/app']));
    const viaPuller = await catalog(basic('cluster', pullerToken));
    expect(viaPuller).toContain('acme/app');
    expect(viaPuller.some((name) => name.startsWith('quarantine/'))).toBe(false);
    const { token } = await tokenFor({ username: 'cluster', password: pullerToken }, 'registry:catalog:*');
    expect(await catalog(new RegistryClient(airlock.url, `Bearer ${token}`))).toEqual(viaPuller);
  });
});
