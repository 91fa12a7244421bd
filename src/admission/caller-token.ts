/** Reads the bearer token the API server must send (`callerTokenFile`), once at start-up. */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/index.js';

export function readCallerToken(file: string | undefined, key: string): string | undefined {
  if (file === undefined) return undefined;
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new ConfigError(`${key}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (token.length < 16 || /\s/.test(token)) throw new ConfigError(`${key}: ${file} must hold one token of at least 16 characters, without spaces`);
  return token;
}
