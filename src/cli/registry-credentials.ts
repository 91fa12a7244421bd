/**
 * Registry credentials for `airlock scan <reference>`: `--creds user:password`,
 * else what `skopeo login` / `podman login` (containers auth.json) or
 * `docker login` (~/.docker/config.json) stored for that registry.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { RegistryCredentials } from '../oci/index.js';
import { CliError } from './api-client.js';

export function credentialsFrom(creds: string | undefined, registryHost: string, env: Record<string, string | undefined>): RegistryCredentials | undefined {
  if (creds !== undefined) {
    const colon = creds.indexOf(':');
    if (colon <= 0) throw new CliError('--creds expects user:password', 'USAGE', 2);
    return { username: creds.slice(0, colon), password: creds.slice(colon + 1) };
  }
  for (const file of authFiles(env)) {
    const found = fromAuthFile(file, registryHost);
    if (found) return found;
  }
  return undefined;
}

function authFiles(env: Record<string, string | undefined>): string[] {
  const home = env.HOME ?? homedir();
  return [
    env.REGISTRY_AUTH_FILE,
    env.XDG_RUNTIME_DIR ? path.join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json') : undefined,
    path.join(home, '.config', 'containers', 'auth.json'),
    path.join(env.DOCKER_CONFIG ?? path.join(home, '.docker'), 'config.json'),
  ].filter((file): file is string => file !== undefined && existsSync(file));
}

function fromAuthFile(file: string, host: string): RegistryCredentials | undefined {
  let auths: Record<string, { auth?: string }> | undefined;
  try {
    auths = (JSON.parse(readFileSync(file, 'utf8')) as { auths?: Record<string, { auth?: string }> }).auths;
  } catch {
    return undefined;
  }
  const entry = auths?.[host] ?? auths?.[`https://${host}`] ?? (host === 'docker.io' ? auths?.['https://index.docker.io/v1/'] : undefined);
  if (!entry?.auth) return undefined;
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : undefined;
}
