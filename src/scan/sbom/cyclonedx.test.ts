import { describe, expect, it } from 'vitest';
import type { Finding } from '../match/finding.js';
import { debianImageReport, emptyReport, FINDINGS, hostileReport, PACKAGES } from '../report/fixtures/sample-reports.js';
import { toCycloneDx, type CycloneDxSpecVersion } from './cyclonedx.js';
import { cycloneDxErrors } from './schema-validators-harness.js';

interface Cdx {
  serialNumber: string;
  metadata: { timestamp?: string; component: CdxComponent; tools: { components: CdxComponent[] } };
  components: CdxComponent[];
  dependencies: { ref: string; dependsOn?: string[] }[];
  vulnerabilities?: CdxVulnerability[];
}
interface CdxComponent {
  'bom-ref': string; type: string; name: string; group?: string; version?: string; purl?: string;
  licenses?: ({ license: { id?: string; name?: string } } | { expression: string })[];
  properties?: { name: string; value: string }[];
}
interface CdxVulnerability {
  id: string; source: { name: string; url: string }; description?: string; recommendation?: string; analysis?: unknown;
  ratings: { severity: string; method?: string; vector?: string; score?: number }[];
  references?: { id: string }[];
  advisories?: { url: string }[];
  affects: { ref: string; versions: { version: string; status: string }[] }[];
}

const parse = (json: string): Cdx => JSON.parse(json) as Cdx;
const property = (c: CdxComponent, name: string): string[] => (c.properties ?? []).filter((p) => p.name === name).map((p) => p.value);
const byPurl = (bom: Cdx, purl: string): CdxComponent[] => bom.components.filter((c) => c.purl === purl);

describe('toCycloneDx', () => {
  const versions: CycloneDxSpecVersion[] = ['1.6', '1.5'];
  const reports = { 'a Debian image with findings': debianImageReport, 'an empty report': emptyReport, 'hostile strings': hostileReport };

  for (const version of versions) {
    for (const [label, make] of Object.entries(reports)) {
      it(`satisfies the official CycloneDX ${version} strict schema for ${label}`, async () => {
        const json = toCycloneDx(make(), { specVersion: version });
        expect(await cycloneDxErrors(json, version)).toBeNull();
        expect(JSON.parse(json)).toMatchObject({ bomFormat: 'CycloneDX', specVersion: version });
      });
    }
  }

  it('is checked by a validator that does reject an invalid BOM', async () => {
    const bom = JSON.parse(toCycloneDx(debianImageReport())) as { components: { type: string }[] };
    bom.components[0]!.type = 'not-a-type';
    expect(await cycloneDxErrors(JSON.stringify(bom), '1.6')).not.toBeNull();
  });

  it('is byte-for-byte the same for the same report, and the serial and time come from the inputs', () => {
    const first = toCycloneDx(debianImageReport());
    expect(toCycloneDx(debianImageReport())).toBe(first);
    const bom = parse(first);
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(bom.metadata.timestamp).toBe('2024-03-18T09:41:27.512Z');

    const later = { ...debianImageReport(), createdAt: '2024-03-19T09:41:27Z' };
    expect(parse(toCycloneDx(later)).serialNumber).not.toBe(bom.serialNumber);
    const given = 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79';
    expect(parse(toCycloneDx(debianImageReport(), { serialNumber: given })).serialNumber).toBe(given);
  });

  it('describes the image as a container whose version is the digest, and the OS as an operating-system', () => {
    const bom = parse(toCycloneDx(debianImageReport()));
    const image = bom.metadata.component;
    expect(image).toMatchObject({ type: 'container', name: 'registry.example.com/payments/api:1.4.2', version: debianImageReport().artifact.digest });
    expect(property(image, 'airlock:image:layer')).toEqual(debianImageReport().artifact.layers);
    expect(property(image, 'airlock:image:platform')).toEqual(['linux/amd64']);
    expect(bom.components.filter((c) => c.type === 'operating-system')).toEqual([
      expect.objectContaining({ name: 'debian', version: '12', 'bom-ref': 'os:debian@12' }),
    ]);
    expect(bom.metadata.tools.components).toEqual([expect.objectContaining({ type: 'application', name: 'airlock', version: '0.1.0' })]);
  });

  it('maps packages to library components with purl, version, group and airlock: properties', () => {
    const bom = parse(toCycloneDx(debianImageReport()));
    expect(bom.components.filter((c) => c.type === 'library')).toHaveLength(Object.keys(PACKAGES).length);
    const [babel] = byPurl(bom, PACKAGES.babelTraverse.purl);
    expect(babel).toMatchObject({ group: '@babel', name: 'traverse', version: '7.22.5' });
    const [log4j] = byPurl(bom, PACKAGES.log4j.purl);
    expect(log4j).toMatchObject({ group: 'org.apache.logging.log4j', name: 'log4j-core' });
    const [image] = byPurl(bom, PACKAGES.goImage.purl);
    expect(image).toMatchObject({ name: 'github.com/containers/image/v5', version: 'v5.24.1' });
    expect(image?.group).toBeUndefined();
    const [libssl] = byPurl(bom, PACKAGES.libssl3.purl);
    expect(libssl && property(libssl, 'airlock:package:type')).toEqual(['dpkg']);
    expect(libssl && property(libssl, 'airlock:package:path')).toEqual(['/var/lib/dpkg/status']);
    expect(libssl && property(libssl, 'airlock:package:layer')).toEqual([PACKAGES.libssl3.layer]);
    expect(libssl && property(libssl, 'airlock:package:source-name')).toEqual(['openssl']);
    const [stdlib] = byPurl(bom, PACKAGES.goStdlib.purl);
    expect(stdlib && property(stdlib, 'airlock:package:metadata:goVersion')).toEqual(['go1.19.8']);
  });

  it('gives every component a unique bom-ref, even a purl installed twice', () => {
    const bom = parse(toCycloneDx(debianImageReport()));
    const refs = [bom.metadata.component, ...bom.components].map((c) => c['bom-ref']);
    expect(new Set(refs).size).toBe(refs.length);
    expect(byPurl(bom, PACKAGES.lodash.purl).map((c) => property(c, 'airlock:package:path')[0])).toEqual([
      PACKAGES.lodashNested.path,
      PACKAGES.lodash.path,
    ]);
  });

  it('writes licences as SPDX ids, names or one expression, never mixing the two forms', () => {
    const bom = parse(toCycloneDx(debianImageReport()));
    const licenses = (purl: string): unknown => byPurl(bom, purl)[0]?.licenses;
    expect(licenses(PACKAGES.zlib1g.purl)).toEqual([{ license: { id: 'Zlib' } }]);
    expect(licenses(PACKAGES.libssl3.purl)).toEqual([{ license: { id: 'Apache-2.0' } }, { license: { name: 'Artistic' } }, { license: { name: 'GPL-1+' } }]);
    expect(licenses(PACKAGES.rc.purl)).toEqual([{ expression: '(BSD-2-Clause OR MIT OR Apache-2.0)' }]);
    // `LGPL-2.1+` is a valid expression, the others free text: all kept verbatim as names.
    expect(licenses(PACKAGES.libc6.purl)).toEqual([
      { license: { name: 'LGPL-2.1+' } }, { license: { name: 'GPL-2+ with Autoconf exception' } }, { license: { name: 'public-domain' } },
    ]);
    expect(licenses(PACKAGES.goImage.purl)).toBeUndefined();
  });

  it('lists each vulnerability once, affecting every component it was found in', () => {
    const bom = parse(toCycloneDx(debianImageReport()));
    const vulns = bom.vulnerabilities ?? [];
    expect(vulns.map((v) => v.id)).toEqual([...new Set(FINDINGS.map((f) => f.id))].sort());
    const refs = new Set(bom.components.map((c) => c['bom-ref']));
    for (const v of vulns) {
      expect(v.analysis).toBeUndefined();
      for (const affect of v.affects) expect(refs.has(affect.ref)).toBe(true);
    }
    const lodash = vulns.find((v) => v.id === 'CVE-2021-23337');
    expect(lodash?.affects.map((a) => a.ref)).toEqual(byPurl(bom, PACKAGES.lodash.purl).map((c) => c['bom-ref']));
    expect(lodash?.references).toEqual([{ id: 'GHSA-35jh-r3h4-6jhm', source: { name: 'GitHub', url: 'https://github.com/advisories/GHSA-35jh-r3h4-6jhm' } }]);
    const openssl = vulns.find((v) => v.id === 'CVE-2023-5363');
    expect(openssl?.affects.map((a) => a.ref).sort()).toEqual([PACKAGES.libssl3.purl, PACKAGES.openssl.purl].sort());
    expect(openssl?.affects[0]?.versions).toEqual([{ version: '3.0.11-1~deb12u1', status: 'affected' }]);
    expect(openssl?.advisories).toContainEqual({ url: 'https://security-tracker.debian.org/tracker/DSA-5532-1' });
    expect(openssl?.source).toEqual({ name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2023-5363' });
  });

  it('rates with the CVSS vector, score and method (v3.1 and v4.0), or severity alone when there is no vector', () => {
    const vulns = parse(toCycloneDx(debianImageReport())).vulnerabilities ?? [];
    const ratings = (id: string): unknown => vulns.find((v) => v.id === id)?.ratings;
    expect(ratings('CVE-2023-45133')).toEqual([
      { severity: 'critical', method: 'CVSSv4', score: 9.3, vector: 'CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
    ]);
    expect(ratings('CVE-2021-44228')).toEqual([{ severity: 'critical', method: 'CVSSv31', score: 10, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }]);
    expect(ratings('CVE-2010-4756')).toEqual([{ severity: 'low' }]);
    expect(ratings('GHSA-g2q5-5433-rhrf')).toEqual([{ severity: 'unknown' }]);
  });

  it('says when no fix exists and which version fixes otherwise', () => {
    const vulns = parse(toCycloneDx(debianImageReport())).vulnerabilities ?? [];
    expect(vulns.find((v) => v.id === 'CVE-2023-45853')?.recommendation).toBe('zlib1g 1:1.2.13.dfsg-1: no fixed version is available');
    expect(vulns.find((v) => v.id === 'CVE-2021-44228')?.recommendation).toBe('org.apache.logging.log4j:log4j-core 2.14.1: upgrade to 2.15.0');
    // A reference that is not a URL is left out rather than making the document invalid.
    expect(vulns.find((v) => v.id === 'CVE-2021-44228')?.advisories).not.toContainEqual({ url: 'not a url' });
  });

  it('adds the package of a finding the report does not list, so affects never dangles', async () => {
    const report = debianImageReport();
    const orphan: Finding = { ...FINDINGS[0]!, package: 'libcrypto-orphan', purl: 'pkg:deb/debian/libcrypto-orphan@1.0?arch=amd64', path: '/var/lib/dpkg/status' };
    report.vulnerabilities.push(orphan);
    const json = toCycloneDx(report);
    expect(await cycloneDxErrors(json, '1.6')).toBeNull();
    const bom = parse(json);
    expect(byPurl(bom, orphan.purl)).toHaveLength(1);
    expect(bom.vulnerabilities?.find((v) => v.id === orphan.id)?.affects.map((a) => a.ref)).toContain(orphan.purl);
  });

  it('has no vulnerabilities section and only the image in the dependency graph for an empty report', () => {
    const bom = parse(toCycloneDx(emptyReport()));
    expect(bom.vulnerabilities).toBeUndefined();
    expect(bom.components ?? []).toEqual([]);
    expect(bom.metadata.component).toMatchObject({ type: 'container', name: '/srv/rootfs', 'bom-ref': 'image:/srv/rootfs' });
    expect(bom.metadata.component.version).toBeUndefined();
  });
});
