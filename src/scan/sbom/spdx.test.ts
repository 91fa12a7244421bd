import parseExpression from 'spdx-expression-parse';
import { describe, expect, it } from 'vitest';
import { debianImageReport, emptyReport, hostileReport, PACKAGES } from '../report/fixtures/sample-reports.js';
import { spdxSchemaErrors } from './schema-validators-harness.js';
import type { SpdxDocument, SpdxPackage } from './spdx-document.js';
import { toSpdx } from './spdx.js';

const parse = (json: string): SpdxDocument => JSON.parse(json) as SpdxDocument;
const byPurl = (doc: SpdxDocument, purl: string): SpdxPackage[] => doc.packages.filter((p) => p.externalRefs?.[0]?.referenceLocator === purl);

describe('toSpdx', () => {
  for (const [label, make] of Object.entries({ 'a Debian image with findings': debianImageReport, 'an empty report': emptyReport, 'hostile strings': hostileReport })) {
    it(`satisfies the official SPDX 2.3 JSON schema for ${label}`, () => {
      expect(spdxSchemaErrors(toSpdx(make()))).toEqual([]);
    });
  }

  it('is checked by a validator that does reject an invalid document', () => {
    const doc = parse(toSpdx(debianImageReport()));
    expect(spdxSchemaErrors(JSON.stringify({ ...doc, packages: [{ ...doc.packages[0], SPDXID: 'SPDXRef-has space' }] }))).not.toEqual([]);
    expect(spdxSchemaErrors(JSON.stringify({ ...doc, creationInfo: { ...doc.creationInfo, created: '2024-03-18T09:41:27.512Z' } }))).not.toEqual([]);
  });

  it('writes the document header from the report, the same way every time', () => {
    const json = toSpdx(debianImageReport());
    expect(toSpdx(debianImageReport())).toBe(json);
    const doc = parse(json);
    expect(doc).toMatchObject({
      spdxVersion: 'SPDX-2.3', dataLicense: 'CC0-1.0', SPDXID: 'SPDXRef-DOCUMENT', name: 'registry.example.com/payments/api:1.4.2',
      creationInfo: { created: '2024-03-18T09:41:27Z', creators: ['Tool: airlock-0.1.0'] },
    });
    expect(doc.documentNamespace).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(parse(toSpdx({ ...debianImageReport(), createdAt: '2024-03-19T00:00:00Z' })).documentNamespace).not.toBe(doc.documentNamespace);
    const namespace = 'https://airlock.example.com/sbom/spdx/payments-api-1.4.2-8d9c2f';
    expect(parse(toSpdx(debianImageReport(), { documentNamespace: namespace })).documentNamespace).toBe(namespace);
  });

  it('describes the image, which contains the OS and every package', () => {
    const doc = parse(toSpdx(debianImageReport()));
    const [image, os] = doc.packages;
    expect(image).toMatchObject({ primaryPackagePurpose: 'CONTAINER', versionInfo: debianImageReport().artifact.digest });
    expect(os).toMatchObject({ primaryPackagePurpose: 'OPERATING-SYSTEM', name: 'debian', versionInfo: '12', description: 'Debian GNU/Linux 12 (bookworm)' });
    expect(doc.relationships[0]).toEqual({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: image?.SPDXID });
    expect(doc.relationships.slice(1)).toEqual(
      doc.packages.slice(1).map((p) => ({ spdxElementId: image?.SPDXID, relationshipType: 'CONTAINS', relatedSpdxElement: p.SPDXID })),
    );
    expect(doc.packages).toHaveLength(2 + Object.keys(PACKAGES).length);
  });

  it('gives every package a unique, valid SPDX id and its purl', () => {
    const doc = parse(toSpdx(debianImageReport()));
    const ids = doc.packages.map((p) => p.SPDXID);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^SPDXRef-[A-Za-z0-9.-]+$/);
    expect(byPurl(doc, PACKAGES.babelTraverse.purl)[0]?.SPDXID).toMatch(/^SPDXRef-Package-npm-babel-traverse-[0-9a-f]{8}$/);
    expect(byPurl(doc, PACKAGES.lodash.purl)).toHaveLength(2);
    expect(byPurl(doc, PACKAGES.log4j.purl)[0]).toMatchObject({
      name: 'org.apache.logging.log4j:log4j-core', versionInfo: '2.14.1', downloadLocation: 'NOASSERTION', licenseConcluded: 'NOASSERTION',
      filesAnalyzed: false, primaryPackagePurpose: 'LIBRARY',
      externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: PACKAGES.log4j.purl }],
    });
    expect(byPurl(doc, PACKAGES.libssl3.purl)[0]?.sourceInfo).toBe(
      `acquired package info from /var/lib/dpkg/status, in layer ${PACKAGES.libssl3.layer}, built from source package openssl 3.0.11-1~deb12u1`,
    );
  });

  it('declares licences as valid SPDX expressions, with free text kept as extracted licensing info', () => {
    const doc = parse(toSpdx(debianImageReport()));
    const declared = (purl: string): string | undefined => byPurl(doc, purl)[0]?.licenseDeclared;
    expect(declared(PACKAGES.zlib1g.purl)).toBe('Zlib');
    expect(declared(PACKAGES.rc.purl)).toBe('(BSD-2-Clause OR MIT OR Apache-2.0)');
    expect(declared(PACKAGES.libssl3.purl)).toBe('Apache-2.0 AND LicenseRef-Artistic AND LicenseRef-GPL-1');
    expect(declared(PACKAGES.libc6.purl)).toBe('LGPL-2.1+ AND LicenseRef-GPL-2-with-Autoconf-exception AND LicenseRef-public-domain');
    expect(declared(PACKAGES.goImage.purl)).toBe('NOASSERTION');
    expect(doc.hasExtractedLicensingInfos?.map((l) => [l.licenseId, l.extractedText])).toEqual([
      ['LicenseRef-Artistic', 'Artistic'],
      ['LicenseRef-GPL-1', 'GPL-1+'],
      ['LicenseRef-GPL-2-with-Autoconf-exception', 'GPL-2+ with Autoconf exception'],
      ['LicenseRef-public-domain', 'public-domain'],
    ]);
  });

  it('only ever declares parseable expressions whose LicenseRefs are all defined', () => {
    for (const report of [debianImageReport(), hostileReport()]) {
      const doc = parse(toSpdx(report));
      const defined = new Set(doc.hasExtractedLicensingInfos?.map((l) => l.licenseId));
      for (const p of doc.packages) {
        if (p.licenseDeclared === 'NOASSERTION') continue;
        expect(() => parseExpression(p.licenseDeclared)).not.toThrow();
        for (const ref of p.licenseDeclared.match(/LicenseRef-[A-Za-z0-9.-]+/g) ?? []) expect(defined.has(ref)).toBe(true);
      }
    }
  });

  it('defines a LicenseRef the package declared itself, and never lets two texts share a ref', () => {
    const report = emptyReport();
    const base = { version: '1.0.0', type: 'npm', path: '/app/package.json' } as const;
    report.packages = [
      { ...base, name: 'acme-ui', purl: 'pkg:npm/acme-ui@1.0.0', licenses: ['MIT OR LicenseRef-Acme-Commercial'] },
      { ...base, name: 'a', purl: 'pkg:npm/a@1.0.0', licenses: ['GPL 2'] },
      { ...base, name: 'b', purl: 'pkg:npm/b@1.0.0', licenses: ['GPL/2'] },
    ];
    const doc = parse(toSpdx(report));
    expect(spdxSchemaErrors(JSON.stringify(doc))).toEqual([]);
    expect(doc.packages.find((p) => p.name === 'acme-ui')?.licenseDeclared).toBe('MIT OR LicenseRef-Acme-Commercial');
    const refs = doc.hasExtractedLicensingInfos?.map((l) => l.licenseId) ?? [];
    expect(refs).toContain('LicenseRef-Acme-Commercial');
    const a = doc.packages.find((p) => p.name === 'a')?.licenseDeclared;
    const b = doc.packages.find((p) => p.name === 'b')?.licenseDeclared;
    expect(a).toBe('LicenseRef-GPL-2');
    expect(b).toMatch(/^LicenseRef-GPL-2-[0-9a-f]{8}$/);
  });

  it('writes only the image package for an empty report', () => {
    const doc = parse(toSpdx(emptyReport()));
    expect(doc.packages).toEqual([expect.objectContaining({ name: '/srv/rootfs', SPDXID: 'SPDXRef-Image-srv-rootfs', primaryPackagePurpose: 'CONTAINER' })]);
    expect(doc.relationships).toHaveLength(1);
    expect(doc.hasExtractedLicensingInfos).toBeUndefined();
  });
});
