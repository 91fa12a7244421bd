import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatReference, normalizeImageReference, type ReferenceOutcome } from './image-reference.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

function normalized(text: unknown): Record<string, unknown> {
  const outcome: ReferenceOutcome = normalizeImageReference(text);
  if (!outcome.ok) throw new Error(`${String(text)}: ${outcome.problem}`);
  const rest: Record<string, unknown> = { ...outcome.reference };
  delete rest.original;
  return rest;
}

function problem(text: unknown): string {
  const outcome = normalizeImageReference(text);
  if (outcome.ok) throw new Error(`${String(text)} was accepted`);
  return outcome.problem;
}

describe('normalizeImageReference', () => {
  it('reads Docker Hub short names as docker and containerd do', () => {
    expect(normalized('nginx')).toEqual({ host: 'docker.io', repository: 'library/nginx', implicitLatest: true });
    expect(normalized('grafana/grafana:10.4.1')).toEqual({ host: 'docker.io', repository: 'grafana/grafana', tag: '10.4.1', implicitLatest: false });
    expect(normalized('docker.io/grafana/grafana:10.4.1')).toEqual(normalized('grafana/grafana:10.4.1'));
    expect(normalized('index.docker.io/library/nginx:1.27')).toEqual({ host: 'docker.io', repository: 'library/nginx', tag: '1.27', implicitLatest: false });
    expect(normalized('docker.io/nginx')).toEqual({ host: 'docker.io', repository: 'library/nginx', implicitLatest: true });
  });

  it('keeps registries with ports, localhost and IPv6 hosts', () => {
    expect(normalized('localhost:5000/a')).toEqual({ host: 'localhost:5000', repository: 'a', implicitLatest: true });
    expect(normalized('localhost/a:1')).toEqual({ host: 'localhost', repository: 'a', tag: '1', implicitLatest: false });
    expect(normalized('[::1]:5000/team/app:1')).toEqual({ host: '[::1]:5000', repository: 'team/app', tag: '1', implicitLatest: false });
    expect(normalized('[fd00::1]/team/app')).toEqual({ host: '[fd00::1]', repository: 'team/app', implicitLatest: true });
    expect(normalized('10.0.0.5:5050/acme/api@' + DIGEST)).toEqual({ host: '10.0.0.5:5050', repository: 'acme/api', digest: DIGEST, implicitLatest: false });
  });

  it('compares hosts case-insensitively but refuses uppercase repository paths', () => {
    expect(normalized('Airlock.Example.COM/acme/api:1')).toMatchObject({ host: 'airlock.example.com', repository: 'acme/api' });
    expect(normalized('acme/api:V1.0')).toMatchObject({ tag: 'V1.0' });
    expect(problem('Acme/API:1')).toBe('repository names must be lowercase');
    expect(problem('airlock.example.com/acme/API')).toBe('repository names must be lowercase');
    expect(problem('[::1]:5000/Team/app')).toBe('repository names must be lowercase');
  });

  it('reads digests, with or without a tag', () => {
    expect(normalized(`airlock.example.com/acme/api@${DIGEST}`)).toMatchObject({ digest: DIGEST, implicitLatest: false });
    expect(normalized(`airlock.example.com/acme/api:1.0@${DIGEST}`)).toMatchObject({ tag: '1.0', digest: DIGEST });
    expect(problem('acme/api@sha256:abc')).toMatch(/digest/i);
  });

  it('refuses a digest alone, an empty name and other odd input with a reason', () => {
    expect(problem(DIGEST)).toMatch(/a digest alone is not an image reference/);
    expect(problem(`@${DIGEST}`)).toMatch(/a digest alone/);
    expect(problem('')).toBe('no image is given');
    expect(problem(undefined)).toBe('no image is given');
    expect(problem(42)).toBe('no image is given');
    expect(problem(' nginx')).toMatch(/white space/);
    expect(problem('nginx:1 ')).toMatch(/white space/);
    expect(problem('registry:99999/a')).toMatch(/not a registry host/);
    expect(problem('::1/a')).toMatch(/not a registry host/);
    expect(problem('a'.repeat(2000))).toMatch(/at most 1024/);
    expect(problem('acme//api')).toMatch(/invalid repository name/);
    expect(problem('acme/api:')).toMatch(/invalid tag/);
  });

  it('formats the fully qualified form', () => {
    const outcome = normalizeImageReference('grafana/grafana:10.4.1');
    if (!outcome.ok) throw new Error(outcome.problem);
    expect(formatReference(outcome.reference)).toBe('docker.io/grafana/grafana:10.4.1');
    expect(formatReference({ host: 'h', repository: 'r', digest: DIGEST })).toBe(`h/r@${DIGEST}`);
  });

  it('never throws, whatever the string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const outcome = normalizeImageReference(text);
        expect(typeof outcome.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts what it formats', () => {
    const component = fc.stringMatching(/^[a-z0-9]{1,8}$/);
    fc.assert(
      fc.property(fc.array(component, { minLength: 1, maxLength: 4 }), fc.option(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,20}$/), { nil: undefined }), (parts, tag) => {
        const text = `registry.example:5000/${parts.join('/')}${tag ? `:${tag}` : ''}`;
        expect(normalized(text)).toMatchObject({ host: 'registry.example:5000', repository: parts.join('/'), ...(tag ? { tag } : {}) });
      }),
    );
  });
});
