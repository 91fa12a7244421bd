/**
 * A real upstream registry for tests: Debian's docker-registry (CNCF
 * distribution 2.8) on a free loopback port with a generated config.yml and a
 * fresh storage directory, as bench/servers.ts runs it for the benchmarks.
 *
 * With `auth`, the registry is set up for the Docker token flow the way Docker
 * Hub and most public registries do it: it answers 401 with a Bearer
 * challenge naming a token realm, which this helper serves (Basic credentials
 * in, an ES256 JWT signed with a throwaway certificate out). The registry
 * verifies those tokens itself (`auth.token.rootcertbundle`), so skopeo and the
 * registry client run the real flow end to end.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { freePort } from './postgres-server.js';
import { skopeo } from './skopeo.js';

const run = promisify(execFile);
export const DOCKER_REGISTRY_BIN = '/usr/bin/docker-registry';
const SERVICE = 'airlock-test-registry';
const ISSUER = 'airlock-test-token-issuer';

export interface DockerRegistryOptions {
  /** Require the token flow; the realm accepts exactly these credentials (and nothing anonymous). */
  auth?: { username: string; password: string };
}

export interface TokenRealm {
  /** `http://127.0.0.1:<port>/token` */
  url: string;
  /** Every token request, in order: the scopes asked for and whether credentials came (and whose). */
  readonly requests: Array<{ scopes: string[]; username?: string; granted: boolean }>;
}

export interface DockerRegistry {
  /** `127.0.0.1:<port>`, as skopeo's `docker://` references and RegistryClient's `host` want it. */
  host: string;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Present when started with `auth`. */
  tokenRealm?: TokenRealm;
  stop(): Promise<void>;
}

export async function startDockerRegistry(options: DockerRegistryOptions = {}): Promise<DockerRegistry> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'airlock-docker-registry-'));
  let realm: { realm: TokenRealm; server: Server } | undefined;
  let child: ChildProcess | undefined;
  try {
    const port = await freePort();
    let auth: string[] = [];
    if (options.auth) {
      const { certFile, keyFile } = await makeSigningCertificate(dataDir);
      realm = await startTokenRealm(options.auth, certFile, keyFile);
      auth = ['auth:', '  token:', `    realm: ${realm.realm.url}`, `    service: ${SERVICE}`, `    issuer: ${ISSUER}`, `    rootcertbundle: ${certFile}`];
    }
    const configFile = path.join(dataDir, 'config.yml');
    await writeFile(configFile, dockerRegistryConfig(path.join(dataDir, 'storage'), port, auth));
    child = spawn(DOCKER_REGISTRY_BIN, ['serve', configFile], { cwd: dataDir, stdio: ['ignore', 'ignore', 'pipe'] });
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000)));
    const exited = new Promise<void>((resolve) => child?.once('exit', () => resolve()));
    const url = `http://127.0.0.1:${port}`;
    await waitUntilListening(url, child, () => output);
    const started = child;
    const tokenServer = realm?.server;
    return {
      host: `127.0.0.1:${port}`,
      url,
      ...(realm ? { tokenRealm: realm.realm } : {}),
      async stop() {
        if (started.exitCode === null && started.signalCode === null) started.kill('SIGTERM');
        const killer = setTimeout(() => started.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
        if (tokenServer) await closeServer(tokenServer);
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child?.kill('SIGKILL');
    if (realm) await closeServer(realm.server);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Copies tag `image` of the OCI layout `layout` (ensureTestImages()'s `oci` folder) to `<registry>/<target>` with skopeo,
 * e.g. `pushTestImage(registry, layout, 'debian', 'library/debian:12')`.
 */
export async function pushTestImage(registry: DockerRegistry, layout: string, image: string, target: string, credentials?: { username: string; password: string }): Promise<void> {
  const creds = credentials ? ['--dest-creds', `${credentials.username}:${credentials.password}`] : [];
  await skopeo(['copy', '--dest-tls-verify=false', ...creds, `oci:${layout}:${image}`, `docker://${registry.host}/${target}`]);
}

/** The documented filesystem setup; deletes enabled so tests can remove what they pushed. */
function dockerRegistryConfig(root: string, port: number, auth: string[]): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${root}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    ...auth,
    '',
  ].join('\n');
}

async function waitUntilListening(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode} while starting:\n${output()}`);
    try {
      // 200 without auth, 401 with: either way it is serving the API.
      const response = await fetch(`${url}/v2/`);
      await response.body?.cancel();
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`docker-registry did not start on ${url}:\n${output()}`);
}

/** A self-signed P-256 certificate: the registry trusts it as the token issuer's root. */
async function makeSigningCertificate(dir: string): Promise<{ certFile: string; keyFile: string }> {
  const certFile = path.join(dir, 'token-signer.crt');
  const keyFile = path.join(dir, 'token-signer.key');
  await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=airlock-test-token-issuer',
    '-keyout', keyFile, '-out', certFile]);
  return { certFile, keyFile };
}

/**
 * The token service (distribution docs, "Token Authentication Specification"):
 * `GET /token?service=…&scope=repository:<name>:pull,push` with Basic credentials.
 */
async function startTokenRealm(credentials: { username: string; password: string }, certFile: string, keyFile: string): Promise<{ realm: TokenRealm; server: Server }> {
  const key = createPrivateKey(await readFile(keyFile));
  const certificate = (await readFile(certFile, 'utf8')).replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const requests: TokenRealm['requests'] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://realm');
    const scopes = url.searchParams.getAll('scope');
    const authorization = request.headers.authorization;
    const username = authorization?.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':')[0] : undefined;
    const granted = url.pathname === '/token' && authorization === expected;
    requests.push({ scopes, ...(username !== undefined ? { username } : {}), granted });
    if (!granted) {
      response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="airlock-test-token-realm"' });
      response.end(JSON.stringify({ details: 'incorrect username or password' }));
      return;
    }
    const access = scopes.flatMap((scope) => {
      const [type, name, actions] = [scope.slice(0, scope.indexOf(':')), scope.slice(scope.indexOf(':') + 1, scope.lastIndexOf(':')), scope.slice(scope.lastIndexOf(':') + 1)];
      return type && name && actions ? [{ type, name, actions: actions.split(',') }] : [];
    });
    new SignJWT({ access })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', x5c: [certificate] })
      .setIssuer(ISSUER)
      .setSubject(credentials.username)
      .setAudience(url.searchParams.get('service') ?? SERVICE)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('5m')
      .setJti(randomUUID())
      .sign(key)
      .then(
        (token) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
        },
        (error: unknown) => {
          response.writeHead(500);
          response.end(String(error));
        },
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { realm: { url: `http://127.0.0.1:${port}/token`, requests }, server };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
