/** Reads the TLS certificate and key named in the configuration, with errors that name the key and file. */
import { readFileSync } from 'node:fs';
import { ConfigError, type AirlockConfig } from '../config/index.js';

export function readTlsOptions(config: AirlockConfig): { cert: Buffer; key: Buffer } | undefined {
  if (!config.tls) return undefined;
  return { cert: readPem('tls.certFile', config.tls.certFile), key: readPem('tls.keyFile', config.tls.keyFile) };
}

function readPem(key: string, file: string): Buffer {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    throw new ConfigError(`${key}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!content.includes('-----BEGIN ')) throw new ConfigError(`${key}: ${file} is not a PEM file`);
  return content;
}
