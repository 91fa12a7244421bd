import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDpkgList } from './parse-dpkg-list.js';

const fixture = (path: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${path}`, import.meta.url)), 'utf8');

describe('parseDpkgList', () => {
  it('keeps exactly the regular files of a real list (python3-yaml): those its md5sums lists', () => {
    const { files, warnings } = parseDpkgList(fixture('pyapp/python3-yaml.list'));
    const md5sums = fixture('pyapp/python3-yaml.md5sums').trim().split('\n').map((line) => `/${line.split(/\s+/)[1] ?? ''}`);
    expect(warnings).toEqual([]);
    expect([...files].sort()).toEqual([...md5sums].sort());
    expect(files).toContain('/usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA');
    expect(files).not.toContain('/usr/lib/python3/dist-packages');
    expect(files).not.toContain('/.');
  });

  it('keeps a trailing empty directory (cannot be told from a file) and skips blank lines and CRLF', () => {
    expect(parseDpkgList('/.\r\n/usr\r\n/usr/bin\r\n/usr/bin/x\r\n\r\n/var/empty\r\n').files).toEqual(['/usr/bin/x', '/var/empty']);
  });

  it('warns about relative paths', () => {
    const { files, warnings } = parseDpkgList('/etc/a\nrelative/path\n');
    expect(files).toEqual(['/etc/a']);
    expect(warnings).toEqual(['line 2: not an absolute path']);
  });

  it('never throws and only returns absolute paths', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('/', 'a', '.', '\n', '\r', ' ') }), (text) => {
        for (const path of parseDpkgList(text).files) expect(path.startsWith('/')).toBe(true);
      }),
    );
  });
});
