/** Certificates made by the real openssl binary, checked with node:crypto. */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateServingCertificates } from './serving-certificates.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'airlock-certs-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('generateServingCertificates', () => {
  it('makes a CA and a serving certificate for the Service names, signed by it', async () => {
    const result = await generateServingCertificates({ service: 'airlock-webhook', namespace: 'airlock', outDir: dir, hosts: ['127.0.0.1', 'localhost'] });
    const ca = new X509Certificate(await readFile(result.caFile));
    const serving = new X509Certificate(await readFile(result.certFile));
    expect(ca.ca).toBe(true);
    expect(serving.ca).toBe(false);
    expect(serving.verify(ca.publicKey)).toBe(true);
    expect(serving.checkIssued(ca)).toBe(true);
    expect(serving.subjectAltName?.split(', ').sort()).toEqual(
      ['DNS:airlock-webhook', 'DNS:airlock-webhook.airlock', 'DNS:airlock-webhook.airlock.svc', 'DNS:airlock-webhook.airlock.svc.cluster.local', 'DNS:localhost', 'IP Address:127.0.0.1'].sort(),
    );
    expect(serving.checkHost('airlock-webhook.airlock.svc')).toBe('airlock-webhook.airlock.svc');
    expect(serving.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(Buffer.from(result.caBundle, 'base64').toString()).toContain('-----BEGIN CERTIFICATE-----');
    expect((await stat(result.keyFile)).mode & 0o077).toBe(0);
    expect(result.reusedCa).toBe(false);
  });

  it('reuses the CA already there, so the caBundle stays the same', async () => {
    const first = await readFile(path.join(dir, 'ca.crt'), 'utf8');
    const again = await generateServingCertificates({ service: 'airlock-webhook', namespace: 'airlock', outDir: dir });
    expect(again.reusedCa).toBe(true);
    expect(Buffer.from(again.caBundle, 'base64').toString()).toBe(first);
    expect(new X509Certificate(await readFile(again.certFile)).checkIssued(new X509Certificate(first))).toBe(true);
  });

  it('refuses names that are not Kubernetes names or hosts', async () => {
    await expect(generateServingCertificates({ service: 'Web Hook', namespace: 'x', outDir: dir })).rejects.toMatchObject({ code: 'CERTIFICATES_FAILED', message: expect.stringContaining('service "Web Hook"') });
    await expect(generateServingCertificates({ service: 'w', namespace: 'x', outDir: dir, hosts: ['a,DNS:evil'] })).rejects.toMatchObject({ message: expect.stringContaining('neither an IP address nor a DNS name') });
  });

  it('says when openssl is missing', async () => {
    await expect(generateServingCertificates({ service: 'w', namespace: 'x', outDir: path.join(dir, 'other'), openssl: '/nonexistent/openssl' })).rejects.toMatchObject({ message: expect.stringContaining('was not found') });
  });
});
