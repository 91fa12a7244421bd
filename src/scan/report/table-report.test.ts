import { describe, expect, it } from 'vitest';
import { debianImageReport, emptyReport, hostileReport } from './fixtures/sample-reports.js';
import { toTable } from './table-report.js';

const lines = (text: string): string[] => text.trimEnd().split('\n');
const rows = (text: string): string[] => {
  const all = lines(text);
  const start = all.findIndex((l) => l.startsWith('LIBRARY'));
  const end = all.findIndex((l, i) => i > start && l === '');
  return all.slice(start + 2, end === -1 ? undefined : end);
};

describe('toTable', () => {
  it('starts with the artifact, the OS and the count per severity', () => {
    const [header] = lines(toTable(debianImageReport()));
    expect(header).toBe(
      'registry.example.com/payments/api:1.4.2 (Debian GNU/Lin… Total: 10 (CRITICAL: 3, HIGH: 4, MEDIUM: 1, LOW: 1, UNKNOWN: 1)',
    );
    expect(lines(toTable(debianImageReport(), { width: 200 }))[0]).toBe(
      'registry.example.com/payments/api:1.4.2 (Debian GNU/Linux 12 (bookworm)) Total: 10 (CRITICAL: 3, HIGH: 4, MEDIUM: 1, LOW: 1, UNKNOWN: 1)',
    );
  });

  it('lists vulnerabilities by severity, then package, under the documented columns', () => {
    const text = toTable(debianImageReport(), { width: 200 });
    expect(lines(text).find((l) => l.startsWith('LIBRARY'))?.split(/\s{2,}/)).toEqual(['LIBRARY', 'VULNERABILITY', 'SEVERITY', 'INSTALLED', 'FIXED', 'TITLE']);
    const table = rows(text).map((r) => r.split(/\s{2,}/));
    expect(table.map((r) => [r[0], r[1], r[2]])).toEqual([
      ['@babel/traverse', 'CVE-2023-45133', 'CRITICAL'],
      ['org.apache.logging.log4j:log4j-core', 'CVE-2021-44228', 'CRITICAL'],
      ['zlib1g', 'CVE-2023-45853', 'CRITICAL'],
      ['libssl3', 'CVE-2023-5363', 'HIGH'],
      ['lodash', 'CVE-2021-23337', 'HIGH'],
      ['lodash', 'CVE-2021-23337', 'HIGH'],
      ['openssl', 'CVE-2023-5363', 'HIGH'],
      ['stdlib', 'CVE-2023-29406', 'MEDIUM'],
      ['libc6', 'CVE-2010-4756', 'LOW'],
      ['rc', 'GHSA-g2q5-5433-rhrf', 'UNKNOWN'],
    ]);
    expect(table[3]).toEqual(['libssl3', 'CVE-2023-5363', 'HIGH', '3.0.11-1~deb12u1', '3.0.11-1~deb12u2', 'Incorrect cipher key and IV length processing']);
    // Unfixed shows a dash; no summary shows the advisory link.
    expect(table[2]?.[4]).toBe('-');
    expect(table[9]?.[5]).toBe('https://github.com/advisories/GHSA-g2q5-5433-rhrf');
  });

  it('never writes a line wider than the terminal, cutting the title first', () => {
    for (const width of [200, 120, 100, 80, 60, 40, 10]) {
      const text = toTable(debianImageReport(), { width });
      for (const line of lines(text)) expect(Array.from(line).length).toBeLessThanOrEqual(width);
    }
    const at100 = rows(toTable(debianImageReport(), { width: 100 })).map((r) => r.split(/\s{2,}/));
    expect(at100[0]?.slice(0, 5)).toEqual(['@babel/traverse', 'CVE-2023-45133', 'CRITICAL', '7.22.5', '7.23.2']);
    expect(at100[0]?.[5]).toMatch(/^Babel vul.*…$/);
    expect(toTable(debianImageReport())).toBe(toTable(debianImageReport(), { width: 120 }));
  });

  it('ends with the errors that did not stop the scan', () => {
    const all = lines(toTable(debianImageReport(), { width: 200 }));
    expect(all.slice(-2)).toEqual(['Errors (1):', '  - layer sha256:9b7f5c3a0e4d: /usr/lib/python3.11/site-packages/broken-1.0.dist-info/METADATA: malformed header at line 3']);
  });

  it('says so when nothing was found', () => {
    expect(toTable(emptyReport())).toBe('/srv/rootfs Total: 0 (CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0)\n\nNo vulnerabilities found.\n');
  });

  it('prints no control characters from the data, so a package cannot drive the terminal', () => {
    const text = toTable(hostileReport(), { width: 400 });
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('<script>&"\'');
    expect(text).toContain('\uFFFD[31mred\uFFFD[0m');
  });
});
