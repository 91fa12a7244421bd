/** Reads the TLS certificate and key named in the configuration, with errors that name the key and file. */
import { readPemFile, type AirlockConfig } from '../config/index.js';

export function readTlsOptions(config: AirlockConfig): { cert: Buffer; key: Buffer } | undefined {
  if (!config.tls) return undefined;
  return { cert: readPemFile('tls.certFile', config.tls.certFile), key: readPemFile('tls.keyFile', config.tls.keyFile) };
}
