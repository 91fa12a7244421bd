import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildHeaderBlob, type TestEntry } from './header-blob-harness.js';
import { parseRpmHeader } from './parse-rpm-header.js';
import { readBdbBlobs } from './read-bdb.js';
import { readSqliteBlobs } from './read-sqlite.js';
import { RpmTag, RpmType } from './rpm-tags.js';

const fixture = (path: string) => {
  const bytes = readFileSync(new URL(`./fixtures/${path}`, import.meta.url));
  return path.endsWith('.gz') ? gunzipSync(bytes) : bytes;
};

const nevra: TestEntry[] = [
  { tag: RpmTag.NAME, type: RpmType.STRING, value: 'demo' },
  { tag: RpmTag.VERSION, type: RpmType.STRING, value: '1.0' },
  { tag: RpmTag.RELEASE, type: RpmType.STRING, value: '3.el9' },
];

describe('parseRpmHeader on real headers', () => {
  it('libuuid from a RHEL 8 Berkeley DB (go-rpmdb expectation)', () => {
    const [blob] = readBdbBlobs(fixture('go-rpmdb/libuuid-Packages')).blobs;
    expect(parseRpmHeader(blob ?? Buffer.alloc(0))).toEqual({
      name: 'libuuid',
      version: '2.32.1',
      release: '42.el8_8',
      arch: 'x86_64',
      sourceRpm: 'util-linux-2.32.1-42.el8_8.src.rpm',
      license: 'BSD',
      vendor: 'Red Hat, Inc.',
      files: [
        '/usr/lib/.build-id/df/ef6a880adac817216ab9866779a0725e017647',
        '/usr/lib64/libuuid.so.1',
        '/usr/lib64/libuuid.so.1.3.0',
        '/usr/share/licenses/libuuid/COPYING',
        '/usr/share/licenses/libuuid/COPYING.BSD-3',
      ],
    });
  });

  it('curl from CBL-Mariner 2.0 SQLite: go-rpmdb expectation, files as go-rpmdb lists them minus directories', () => {
    const headers = readSqliteBlobs(fixture('go-rpmdb/cbl-mariner-2.0-rpmdb.sqlite.gz')).blobs.map(parseRpmHeader);
    const curl = headers.find((h) => h.name === 'curl');
    expect(curl).toMatchObject({ name: 'curl', version: '7.76.0', release: '6.cm2', arch: 'x86_64', sourceRpm: 'curl-7.76.0-6.cm2.src.rpm', license: 'MIT', vendor: 'Microsoft Corporation' });
    expect(curl?.epoch).toBeUndefined();
    // go-rpmdb pkg/testdata/cbl-mariner-2.0/curl_file_names.json, without its one directory (/usr/share/licenses/curl).
    expect(curl?.files).toEqual(['/usr/bin/curl', '/usr/bin/curl-config', '/usr/share/licenses/curl/COPYING', '/usr/share/man/man1/curl-config.1.gz', '/usr/share/man/man1/curl.1.gz']);
    expect(headers.find((h) => h.name === 'ca-certificates-base')?.epoch).toBe(1);
  });
});

describe('parseRpmHeader on built headers', () => {
  it('requires NAME, VERSION and RELEASE', () => {
    expect(() => parseRpmHeader(buildHeaderBlob(nevra.slice(0, 2)))).toThrow(/lacks RELEASE/);
    expect(() => parseRpmHeader(buildHeaderBlob(nevra.slice(1)))).toThrow(/lacks NAME/);
  });

  it('treats "(none)" and empty strings as absent', () => {
    const facts = parseRpmHeader(
      buildHeaderBlob([...nevra, { tag: RpmTag.SOURCERPM, type: RpmType.STRING, value: '(none)' }, { tag: RpmTag.VENDOR, type: RpmType.STRING, value: '' }]),
    );
    expect(facts).toEqual({ name: 'demo', version: '1.0', release: '3.el9', files: [] });
  });

  it('keeps epoch 0 when the header has it, and the modularity label', () => {
    const facts = parseRpmHeader(
      buildHeaderBlob([...nevra, { tag: RpmTag.EPOCH, type: RpmType.INT32, value: [0] }, { tag: RpmTag.MODULARITYLABEL, type: RpmType.STRING, value: 'nodejs:18:8090020231010:a75119d5' }]),
    );
    expect(facts.epoch).toBe(0);
    expect(facts.modularityLabel).toBe('nodejs:18:8090020231010:a75119d5');
  });

  it('joins BASENAMES to DIRNAMES and drops directories by FILEMODES', () => {
    const facts = parseRpmHeader(
      buildHeaderBlob([
        ...nevra,
        { tag: RpmTag.FILEMODES, type: RpmType.INT16, value: [0o040755, 0o100644, 0o120777] },
        { tag: RpmTag.DIRINDEXES, type: RpmType.INT32, value: [0, 1, 1] },
        { tag: RpmTag.BASENAMES, type: RpmType.STRING_ARRAY, value: ['demo', 'a.py', 'link'] },
        { tag: RpmTag.DIRNAMES, type: RpmType.STRING_ARRAY, value: ['/usr/lib/', '/usr/lib/demo/'] },
      ]),
    );
    expect(facts.files).toEqual(['/usr/lib/demo/a.py', '/usr/lib/demo/link']);
  });

  it('reads OLDFILENAMES from headers before compressed file names', () => {
    const facts = parseRpmHeader(buildHeaderBlob([...nevra, { tag: RpmTag.OLDFILENAMES, type: RpmType.STRING_ARRAY, value: ['/bin/demo', '/etc/demo.conf'] }]));
    expect(facts.files).toEqual(['/bin/demo', '/etc/demo.conf']);
  });

  it.each([
    ['more DIRINDEXES than BASENAMES', [0, 0], ['a'], /1 BASENAMES but 2 DIRINDEXES/],
    ['a DIRINDEX past DIRNAMES', [5], ['a'], /DIRINDEXES\[0\] = 5 but there are 1 DIRNAMES/],
    ['a negative DIRINDEX', [-1], ['a'], /DIRINDEXES\[0\] = -1/],
  ])('keeps the package but not its files with %s', (_name, indexes, bases, problem) => {
    const facts = parseRpmHeader(
      buildHeaderBlob([
        ...nevra,
        { tag: RpmTag.DIRINDEXES, type: RpmType.INT32, value: indexes },
        { tag: RpmTag.BASENAMES, type: RpmType.STRING_ARRAY, value: bases },
        { tag: RpmTag.DIRNAMES, type: RpmType.STRING_ARRAY, value: ['/usr/'] },
      ]),
    );
    expect(facts.name).toBe('demo');
    expect(facts.files).toEqual([]);
    expect(facts.filesProblem).toMatch(problem);
  });
});
