import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, NOW, exception, finding, image } from './evaluation-harness.js';
import { applies, type PolicyException } from './exception.js';
import { ExceptionStore } from './exception-store.js';
import { manualClock, testDatabase } from './database-harness.js';
import { exportOpenVex, importOpenVex } from './openvex.js';
import { PolicyError } from './policy-error.js';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = addFormatsModule.default;
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateOpenVex = ajv.compile(fixture('openvex_json_schema.json') as object);

const options = { scope: 'team:payments', expiresAt: NOW + 30 * DAY };

describe('importOpenVex', () => {
  it('turns a not_affected statement into an exception per product purl, reasons from the statement', () => {
    const imported = importOpenVex(fixture('spec-example-log4shell.vex.json'), options);
    expect(imported.skipped).toEqual([]);
    expect(imported.notes).toEqual([]);
    expect(imported.exceptions).toEqual([
      {
        vulnerability: 'CVE-2021-44228',
        aliases: ['GHSA-jfh8-c2jp-5v3q'],
        package: 'pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3',
        scope: 'team:payments',
        reason: expect.stringMatching(
          /^VEX not_affected: vulnerable_code_not_in_execute_path; Spring Boot users are only affected .* \(OpenVEX https:\/\/openvex\.dev\/docs\/public\/vex-2e67563e.* by Spring Builds <spring-builds@users\.noreply\.github\.com>\)$/,
        ),
        expiresAt: NOW + 30 * DAY,
        source: 'openvex:https://openvex.dev/docs/public/vex-2e67563e128250cbcb3e98930df948dd053e43271d70dc50cfa22d57e03fe96f',
        justification: 'vulnerable_code_not_in_execute_path',
      },
    ]);
  });

  it('imports fixed statements, one exception per product', () => {
    const imported = importOpenVex(readFileSync(new URL('./fixtures/vexctl-demo.vex.json', import.meta.url), 'utf8'), options);
    expect(imported.exceptions.map((e) => [e.vulnerability, e.package, e.reason])).toEqual([
      ['CVE-2014-123456', 'pkg:apk/distro/git@2.39.0-r1?arch=armv7', 'VEX fixed (OpenVEX https://openvex.dev/docs/public/vex-d7653e1c3ccc092c02e2cfd2b12549be29264ff28f9f704f599613b007584dbe by Wolfi J Inkinson)'],
      ['CVE-2014-123456', 'pkg:apk/distro/git@2.39.0-r1?arch=x86_64', expect.any(String)],
    ]);
  });

  it('skips under_investigation and affected statements with a note', () => {
    expect(importOpenVex(fixture('vexctl-under-investigation.vex.json'), options)).toEqual({
      exceptions: [],
      skipped: [{ statement: 0, vulnerability: 'CVE-1234-5678', status: 'under_investigation', note: 'under_investigation statements accept nothing' }],
      notes: [],
    });
  });

  it('uses subcomponent purls, skips products without purls, and notes product-less statements', () => {
    const document = {
      '@context': 'https://openvex.dev/ns/v0.2.0',
      '@id': 'https://example.com/vex/1',
      author: 'Payments team',
      timestamp: '2025-01-01T00:00:00Z',
      version: 1,
      statements: [
        {
          vulnerability: { name: 'CVE-2024-0001' },
          products: [{ '@id': 'pkg:oci/api@sha256%3Aabc', subcomponents: [{ '@id': 'pkg:npm/minimist@1.2.5' }, { identifiers: { purl: 'pkg:npm/qs@6.7.0' } }] }],
          status: 'not_affected',
          justification: 'vulnerable_code_not_present',
        },
        { vulnerability: { name: 'CVE-2024-0002' }, products: [{ hashes: { 'sha-256': 'abc' } }], status: 'not_affected', impact_statement: 'not used' },
        { vulnerability: { name: 'CVE-2024-0003' }, status: 'not_affected', status_notes: 'no product' },
        { vulnerability: { name: 'CVE-2024-0004' }, products: [{ '@id': 'pkg:npm/x@1' }], status: 'affected', action_statement: 'upgrade' },
      ],
    };
    const imported = importOpenVex(document, options);
    expect(imported.exceptions.map((e) => [e.vulnerability, e.package])).toEqual([
      ['CVE-2024-0001', 'pkg:npm/minimist@1.2.5'],
      ['CVE-2024-0001', 'pkg:npm/qs@6.7.0'],
      ['CVE-2024-0003', undefined],
    ]);
    expect(imported.skipped.map((s) => [s.statement, s.note])).toEqual([
      [1, 'none of its products is identified by a purl'],
      [3, 'affected statements accept nothing'],
    ]);
    expect(imported.notes).toEqual(['statement 2 (CVE-2024-0003) names no product: it covers every package in team:payments']);
  });

  it.each<[string, unknown, RegExp]>([
    ['text that is not JSON', '{not json', /^not an OpenVEX document: /],
    ['a CycloneDX document', { bomFormat: 'CycloneDX', specVersion: '1.5' }, /@context: required/],
    ['another context', { '@context': 'https://example.com', '@id': 'x', author: 'a', statements: [] }, /@context: expected an OpenVEX context/],
    ['a statement without status', { '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'x', author: 'a', statements: [{ vulnerability: { name: 'CVE-1' } }] }, /statements\[0\]\.status: required/],
    ['an unknown justification', { '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'x', author: 'a', statements: [{ vulnerability: { name: 'CVE-1' }, status: 'not_affected', justification: 'nope' }] }, /statements\[0\]\.justification: expected one of component_not_present/],
  ])('rejects %s with VEX_INVALID', (_what, document, message) => {
    let error: unknown;
    try {
      importOpenVex(document, options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).code).toBe('VEX_INVALID');
    expect((error as PolicyError).message).toMatch(message);
  });
});

describe('exportOpenVex', () => {
  const exceptions: PolicyException[] = [
    exception({ id: '6f1c1f0e-8a4b-4c1d-9f57-3e2b9d0c7a11', vulnerability: 'CVE-2021-44228', aliases: ['GHSA-jfh8-c2jp-5v3q'], package: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', justification: 'vulnerable_code_not_in_execute_path' }),
    exception({ id: 'ex-2', vulnerability: 'CVE-2024-0002', package: 'openssl', scope: 'team:payments' }),
    exception({ id: 'ex-3', vulnerability: 'CVE-2024-0003' }),
    exception({ id: 'ex-expired', vulnerability: 'CVE-2024-0004', expiresAt: NOW }),
    exception({ id: 'ex-revoked', vulnerability: 'CVE-2024-0005', revokedAt: NOW - 1, revokedBy: 'ciso' }),
  ];

  it('writes active exceptions as not_affected statements that satisfy the official schema', () => {
    const document = exportOpenVex(exceptions, { author: 'Airlock security team <security@example.com>', now: NOW });
    expect(validateOpenVex(document), JSON.stringify(validateOpenVex.errors)).toBe(true);
    expect(document).toMatchObject({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      '@id': expect.stringMatching(/^urn:airlock:openvex:[0-9a-f]{64}$/),
      author: 'Airlock security team <security@example.com>',
      timestamp: '2025-03-01T12:00:00.000Z',
      version: 1,
    });
    expect(document.statements).toEqual([
      {
        '@id': 'urn:uuid:6f1c1f0e-8a4b-4c1d-9f57-3e2b9d0c7a11',
        vulnerability: { name: 'CVE-2021-44228', aliases: ['GHSA-jfh8-c2jp-5v3q'] },
        timestamp: '2025-02-28T12:00:00.000Z',
        products: [{ '@id': 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' }],
        status: 'not_affected',
        justification: 'vulnerable_code_not_in_execute_path',
        status_notes: 'not reachable: the vulnerable parser is never called (accepted for org by security-lead until 2025-03-31T12:00:00.000Z)',
      },
      expect.objectContaining({ vulnerability: { name: 'CVE-2024-0002' }, justification: 'inline_mitigations_already_exist', status_notes: expect.stringContaining('accepted for team:payments; package openssl') }),
      expect.objectContaining({ vulnerability: { name: 'CVE-2024-0003' } }),
    ]);
    expect(document.statements[1]).not.toHaveProperty('products');
  });

  it('is stable for the same exceptions and time, and takes a given id and version', () => {
    expect(exportOpenVex(exceptions, { author: 'a', now: NOW })['@id']).toBe(exportOpenVex([...exceptions], { author: 'a', now: NOW })['@id']);
    const named = exportOpenVex(exceptions, { author: 'a', now: NOW, id: 'https://airlock.example.com/vex/7', version: 7 });
    expect([named['@id'], named.version]).toEqual(['https://airlock.example.com/vex/7', 7]);
  });
});

describe.each(['sqlite', 'postgres'] as const)('an OpenVEX round trip through the store (%s)', (engine) => {
  let database: Awaited<ReturnType<typeof testDatabase>>;
  let store: ExceptionStore;
  beforeAll(async () => {
    database = await testDatabase(engine);
    store = new ExceptionStore(database.db, manualClock(NOW).now);
  });
  afterAll(() => database.cleanup());

  it('imports a document, exports it, and imports the export to the same acceptances', async () => {
    const first = importOpenVex(fixture('spec-example-log4shell.vex.json'), { scope: 'org', expiresAt: NOW + 90 * DAY });
    const created = await store.createMany(first.exceptions, 'security-lead');
    const exported = exportOpenVex(await store.active(), { author: 'Airlock', now: NOW });
    expect(validateOpenVex(exported), JSON.stringify(validateOpenVex.errors)).toBe(true);
    const again = importOpenVex(JSON.stringify(exported), { scope: 'org', expiresAt: NOW + 90 * DAY });
    const key = (e: { vulnerability: string; aliases?: string[]; package?: string; justification?: string }) => [e.vulnerability, e.aliases ?? [], e.package, e.justification];
    expect(again.exceptions.map(key)).toEqual(created.map(key));

    // The imported exception covers the finding it was written for, through its purl and alias.
    const log4shell = finding('GHSA-jfh8-c2jp-5v3q', 'critical', { aliases: [], package: 'org.springframework.boot:spring-boot', packageType: 'java', purl: 'pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3' });
    expect(applies(created[0] as PolicyException, log4shell, image(), NOW)).toBe(true);
  });
});
