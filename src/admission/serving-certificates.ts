/**
 * Certificates for the webhook's HTTPS: a CA (its PEM, base64, is the
 * caBundle of the webhook configuration) and a serving certificate for the
 * Service's DNS names (<service>, <service>.<namespace>, ….svc,
 * ….svc.cluster.local) plus any extra hosts. The API server only trusts
 * subjectAltName, never the CN. node:crypto cannot write X.509, so the
 * `openssl` binary does (Debian's, installed by .ci/run); keys are EC P-256.
 * An existing ca.crt/ca.key in the directory is reused, so the caBundle
 * stays the same when the serving certificate is renewed.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { AdmissionError } from './admission-error.js';

const run = promisify(execFile);
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_NAME = /^[A-Za-z0-9*]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*$/;

export interface CertificateRequest {
  service: string;
  namespace: string;
  outDir: string;
  /** Extra DNS names or IP addresses (e.g. 127.0.0.1 for tests, a node address). */
  hosts?: readonly string[];
  days?: number;
  /** The openssl binary; `openssl` on PATH by default. */
  openssl?: string;
}

export interface ServingCertificates {
  caFile: string;
  certFile: string;
  keyFile: string;
  /** base64 of the CA certificate's PEM: the webhook configuration's clientConfig.caBundle. */
  caBundle: string;
  subjectAltNames: string[];
  reusedCa: boolean;
}

export async function generateServingCertificates(request: CertificateRequest): Promise<ServingCertificates> {
  const names = subjectAltNames(request);
  const days = String(request.days ?? 825);
  const dir = path.resolve(request.outDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = (name: string) => path.join(dir, name);
  const openssl = (args: string[]) => runOpenssl(request.openssl ?? 'openssl', args);
  const reusedCa = existsSync(file('ca.crt')) && existsSync(file('ca.key'));
  if (!reusedCa) {
    await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.crt'), '-days', String(Math.max(Number(days), 3650)),
      '-subj', `/CN=airlock-admission-ca ${request.service}.${request.namespace}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  }
  await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file('tls.key'), '-out', file('tls.csr'), '-subj', `/CN=${request.service}.${request.namespace}.svc`]);
  const extensions = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth', `subjectAltName=${names.join(',')}`];
  await writeFile(file('tls.ext'), `${extensions.join('\n')}\n`);
  try {
    await openssl(['x509', '-req', '-in', file('tls.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-set_serial', `0x${randomBytes(16).toString('hex')}`, '-sha256', '-days', days, '-extfile', file('tls.ext'), '-out', file('tls.crt')]);
  } finally {
    await rm(file('tls.csr'), { force: true });
    await rm(file('tls.ext'), { force: true });
  }
  await chmod(file('ca.key'), 0o600);
  await chmod(file('tls.key'), 0o600);
  const caPem = await readFile(file('ca.crt'));
  return { caFile: file('ca.crt'), certFile: file('tls.crt'), keyFile: file('tls.key'), caBundle: caPem.toString('base64'), subjectAltNames: names, reusedCa };
}

function subjectAltNames(request: CertificateRequest): string[] {
  for (const [what, value] of [['service', request.service], ['namespace', request.namespace]] as const) {
    if (!DNS_LABEL.test(value) || value.length > 63) throw new AdmissionError('CERTIFICATES_FAILED', `${what} "${value}" is not a Kubernetes name (lowercase letters, digits and '-', at most 63)`);
  }
  const { service, namespace } = request;
  const names = [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`].map((name) => `DNS:${name}`);
  for (const host of request.hosts ?? []) {
    if (isIP(host)) names.push(`IP:${host}`);
    else if (DNS_NAME.test(host) && host.length <= 253) names.push(`DNS:${host}`);
    else throw new AdmissionError('CERTIFICATES_FAILED', `host "${host}" is neither an IP address nor a DNS name`);
  }
  return [...new Set(names)];
}

async function runOpenssl(binary: string, args: string[]): Promise<void> {
  try {
    await run(binary, args, { timeout: 60_000 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new AdmissionError('CERTIFICATES_FAILED', `${binary} was not found; install openssl (apt-get install openssl)`, { cause: error });
    throw new AdmissionError('CERTIFICATES_FAILED', `openssl ${args[0]} failed: ${(failure.stderr ?? failure.message).trim().split('\n').slice(-3).join(' ')}`, { cause: error });
  }
}
