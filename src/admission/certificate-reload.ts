/**
 * Serves a renewed certificate without a restart. Kubernetes updates a mounted
 * Secret by swapping a symlink, so reading the two files again now and then
 * is enough; a pair that does not load (half-written, or a key that does not
 * match the certificate) is logged and the current one kept, so a bad renewal
 * never takes the webhook down.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:https';
import type { FastifyBaseLogger } from 'fastify';

export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

export class CertificateReloader {
  private timer: NodeJS.Timeout | undefined;
  private current: string;

  constructor(
    private readonly server: Pick<Server, 'setSecureContext'>,
    private readonly files: CertificateFiles,
    loaded: { cert: Buffer; key: Buffer },
    private readonly log: FastifyBaseLogger,
  ) {
    this.current = fingerprint(loaded.cert, loaded.key);
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.reload(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Reads the files; serves them when they changed and load. @returns whether a new pair is now served. */
  async reload(): Promise<boolean> {
    let cert: Buffer;
    let key: Buffer;
    try {
      [cert, key] = await Promise.all([readFile(this.files.certFile), readFile(this.files.keyFile)]);
    } catch (error) {
      this.log.warn({ err: error }, 'could not read the TLS certificate files; still serving the current certificate');
      return false;
    }
    const next = fingerprint(cert, key);
    if (next === this.current) return false;
    const problem = mismatch(cert, key);
    if (problem) {
      this.log.warn({ certFile: this.files.certFile, problem }, 'the renewed TLS certificate does not load; still serving the current one');
      return false;
    }
    this.server.setSecureContext({ cert, key });
    this.current = next;
    this.log.info({ certFile: this.files.certFile, validTo: new X509Certificate(cert).validTo }, 'serving the renewed TLS certificate');
    return true;
  }
}

function fingerprint(cert: Buffer, key: Buffer): string {
  return `${cert.toString('base64')}|${key.toString('base64')}`;
}

/** Why the pair cannot be served, or undefined when it can. */
function mismatch(cert: Buffer, key: Buffer): string | undefined {
  try {
    return new X509Certificate(cert).checkPrivateKey(createPrivateKey(key)) ? undefined : 'the key does not belong to the certificate';
  } catch (error) {
    return (error as Error).message;
  }
}
