/** Reads a PEM file a configuration key names, with errors that name the key and the file. */
import { readFileSync } from 'node:fs';
import { ConfigError } from './load-config.js';

export function readPemFile(key: string, file: string): Buffer {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    throw new ConfigError(`${key}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!content.includes('-----BEGIN ')) throw new ConfigError(`${key}: ${file} is not a PEM file`);
  return content;
}
