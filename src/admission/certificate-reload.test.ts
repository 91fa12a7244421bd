/** A renewed certificate is served without a restart; a broken renewal keeps the current one. Real openssl certificates, a real HTTPS server. */
import { X509Certificate } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'node:tls';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateReloader } from './certificate-reload.js';
import { generateServingCertificates } from './serving-certificates.js';

let dir: string;
let server: Server;
let reloader: CertificateReloader;
let files: { certFile: string; keyFile: string };
let renewed: { certFile: string; keyFile: string };

/** The serial number of the certificate the server presents now. */
function servedSerial(): Promise<string> {
  const { port } = server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().serialNumber);
      socket.end();
    });
    socket.on('error', reject);
  });
}

const serialOf = async (file: string) => new X509Certificate(await readFile(file)).serialNumber;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'airlock-reload-'));
  const first = await generateServingCertificates({ service: 'webhook', namespace: 'airlock', outDir: path.join(dir, 'first'), hosts: ['127.0.0.1'] });
  const second = await generateServingCertificates({ service: 'webhook', namespace: 'airlock', outDir: path.join(dir, 'second'), hosts: ['127.0.0.1'] });
  files = { certFile: path.join(dir, 'tls.crt'), keyFile: path.join(dir, 'tls.key') };
  await copyFile(first.certFile, files.certFile);
  await copyFile(first.keyFile, files.keyFile);
  renewed = { certFile: second.certFile, keyFile: second.keyFile };
  const pair = { cert: await readFile(files.certFile), key: await readFile(files.keyFile) };
  server = createServer(pair, (_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  reloader = new CertificateReloader(server, files, pair, pino({ level: 'silent' }));
});
afterAll(async () => {
  reloader.stop();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('CertificateReloader', () => {
  it('keeps serving the current pair while the files are unchanged', async () => {
    expect(await reloader.reload()).toBe(false);
    expect(await servedSerial()).toBe(await serialOf(files.certFile));
  });

  it('keeps the current pair when the renewal is broken: a key of another certificate, or a half-written file', async () => {
    const before = await servedSerial();
    await copyFile(renewed.certFile, files.certFile); // the key file still holds the old key
    expect(await reloader.reload()).toBe(false);
    await writeFile(files.keyFile, '-----BEGIN PRIVATE KEY-----\nMIGH');
    expect(await reloader.reload()).toBe(false);
    expect(await servedSerial()).toBe(before);
  });

  it('serves the renewed pair on the next reload, to new connections, without a restart', async () => {
    await copyFile(renewed.keyFile, files.keyFile);
    expect(await reloader.reload()).toBe(true);
    expect(await servedSerial()).toBe(await serialOf(renewed.certFile));
  });
});
