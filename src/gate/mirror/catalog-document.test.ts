import { describe, expect, it } from 'vitest';
import type { LocatedIssue } from '../../policy/index.js';
import { parseCatalog, readCatalog } from './catalog-document.js';
import { MirrorError } from './mirror-error.js';

const EXAMPLE = `upstreams:
  - host: registry.example:5000
    insecure: true
    credentialsEnv: EXAMPLE_CREDS
    pullThrough: true
images:
  - source: docker.io/grafana/grafana
    tags: [">=10.4 <11"]
    platforms: [linux/amd64, linux/arm64]
    autoUpdate: false
    maxTags: 3
  - source: docker.io/prom/prometheus
    tags: ["v2.53.1"]
schedule: 6h
`;

/** The issues parseCatalog reports, or fails the test when it accepts the text. */
function issuesOf(text: string): LocatedIssue[] {
  try {
    parseCatalog(text);
  } catch (error) {
    expect(error).toBeInstanceOf(MirrorError);
    expect((error as MirrorError).code).toBe('CATALOG_INVALID');
    expect((error as MirrorError).status).toBe(400);
    return ((error as MirrorError).detail as { issues: LocatedIssue[] }).issues;
  }
  throw new Error('the catalog was accepted');
}

describe('parseCatalog', () => {
  it('reads the documented form, filling defaults', () => {
    expect(parseCatalog(EXAMPLE)).toEqual({
      upstreams: [{ host: 'registry.example:5000', insecure: true, credentialsEnv: 'EXAMPLE_CREDS', pullThrough: true }],
      images: [
        { source: 'docker.io/grafana/grafana', tags: ['>=10.4 <11'], platforms: ['linux/amd64', 'linux/arm64'], autoUpdate: false, maxTags: 3 },
        { source: 'docker.io/prom/prometheus', tags: ['v2.53.1'], platforms: ['linux/amd64'], autoUpdate: false, maxTags: 1 },
      ],
      schedule: '6h',
      scheduleMs: 6 * 3_600_000,
    });
  });

  it('reads an empty file, and lists with every item commented out, as an empty catalog', () => {
    expect(parseCatalog('')).toEqual({ upstreams: [], images: [] });
    expect(parseCatalog('# nothing yet\nupstreams:\nimages:\n  # - source: debian\n')).toEqual({ upstreams: [], images: [] });
  });

  it('defaults an upstream to TLS, no credentials, no pull-through', () => {
    expect(parseCatalog('upstreams:\n  - host: registry.example\n').upstreams).toEqual([{ host: 'registry.example', insecure: false, pullThrough: false }]);
  });

  it('reports every problem with its path, line and column', () => {
    const text = [
      'upstreams:', //                                 1
      '  - host: https://registry.example', //          2
      '    credentialsEnv: "user:secret"', //          3
      'images:', //                                    4
      '  - source: debian:12', //                      5
      '    tags: [12, "/(/", v1, v1]', //              6
      '    platforms: [linux, linux/arm/v7]', //       7
      '    maxTags: 0', //                             8
      '    autoupdate: true', //                       9
      '  - source: grafana/grafana', //               10
      '    tags: []', //                              11
      '  - source: index.docker.io/grafana/grafana', // 12
      '    tags: [latest]', //                        13
      'schedule: soon', //                            14
      'extra: 1', //                                  15
    ].join('\n');
    expect(issuesOf(text)).toEqual(
      expect.arrayContaining([
        { path: 'upstreams[0].host', line: 2, column: 11, message: expect.stringContaining('no scheme, no path') },
        { path: 'upstreams[0].credentialsEnv', line: 3, column: 21, message: expect.stringContaining('never the secret itself') },
        { path: 'images[0].source', line: 5, column: 13, message: expect.stringContaining('put tags in `tags`') },
        { path: 'images[0].tags[0]', line: 6, column: 12, message: 'YAML reads 12 as a number: quote it ("12")' },
        { path: 'images[0].tags[1]', line: 6, column: 16, message: expect.stringContaining('not a valid regular expression') },
        { path: 'images[0].tags[3]', line: 6, column: 27, message: 'duplicate: v1 is the same as images[0].tags[2]' },
        { path: 'images[0].platforms[0]', line: 7, column: 17, message: expect.stringContaining('os/arch[/variant]') },
        { path: 'images[0].maxTags', line: 8, column: 14, message: 'must be at least 1' },
        { path: 'images[0].autoupdate', line: 9, column: 5, message: 'unknown key "autoupdate"' },
        { path: 'images[1].tags', line: 11, column: 11, message: 'expected at least 1 item' },
        { path: 'images[2].source', line: 12, column: 13, message: 'duplicate: index.docker.io/grafana/grafana is the same repository as images[1]' },
        { path: 'schedule', line: 14, column: 11, message: expect.stringContaining('a duration') },
        { path: 'extra', line: 15, column: 1, message: 'unknown key "extra"' },
      ]),
    );
    expect(issuesOf(text)).toHaveLength(13);
  });

  it('refuses a source without a repository path or with a digest', () => {
    expect(issuesOf(`images:\n  - source: grafana/grafana@sha256:${'0'.repeat(64)}\n    tags: [v1]\n`)[0]?.message).toContain('put tags in `tags`');
    expect(issuesOf('images:\n  - source: Grafana/Grafana\n    tags: [v1]\n')[0]?.message).toContain('invalid repository name');
  });

  it('treats Docker Hub spellings of one repository as duplicates', () => {
    const issues = issuesOf('images:\n  - source: debian\n    tags: ["12"]\n  - source: docker.io/library/debian\n    tags: ["11"]\n');
    expect(issues).toEqual([{ path: 'images[1].source', line: 4, column: 13, message: expect.stringContaining('the same repository as images[0]') }]);
  });

  it('keeps upstream hosts unique, case and Docker Hub aliases folded', () => {
    expect(issuesOf('upstreams:\n  - host: Registry.Example:5000\n  - host: registry.example:5000\n')).toEqual([
      { path: 'upstreams[1].host', line: 3, column: 11, message: expect.stringContaining('the same host as upstreams[0]') },
    ]);
    expect(issuesOf('upstreams:\n  - host: docker.io\n  - host: index.docker.io\n')).toHaveLength(1);
  });

  it('refuses a schedule shorter than a minute', () => {
    expect(issuesOf('schedule: 30s\n')).toEqual([{ path: 'schedule', line: 1, column: 11, message: 'a sync interval is at least 1m' }]);
  });

  it('refuses maxTags beyond the limit and values of the wrong type', () => {
    const issues = issuesOf('images:\n  - source: debian\n    tags: ["12"]\n    maxTags: 1000\n    autoUpdate: "yes"\n    platforms: linux/amd64\n');
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['images[0].platforms', 'expected a list'],
      ['images[0].autoUpdate', 'expected a boolean'],
      ['images[0].maxTags', 'must be at most 100'],
    ]);
  });

  it('reports YAML syntax errors and duplicate keys with their position', () => {
    expect(issuesOf('images: [\n')).toEqual([{ path: 'YAML', line: 2, column: 1, message: expect.any(String) }]);
    expect(issuesOf('schedule: 6h\nschedule: 1d\n')).toEqual([{ path: 'YAML', line: 2, column: 1, message: 'Map keys must be unique' }]);
    expect(issuesOf('- debian\n')).toEqual([{ path: '(document)', line: 1, column: 1, message: 'expected a mapping' }]);
  });

  it('lists every issue in the message', () => {
    expect(() => parseCatalog('schedule: soon\nextra: 1\n')).toThrow(/invalid mirror catalog:\nschedule \(line 1, column 11\): .*\nextra \(line 2, column 1\): unknown key "extra"/);
  });
});

describe('readCatalog', () => {
  it('validates plain data (API JSON) with paths and no positions', () => {
    expect(readCatalog({ images: [{ source: 'debian', tags: ['12'] }] })).toEqual({
      catalog: { upstreams: [], images: [{ source: 'debian', tags: ['12'], platforms: ['linux/amd64'], autoUpdate: false, maxTags: 1 }] },
    });
    expect(readCatalog({ images: [{ source: 'debian' }] })).toEqual({ issues: [{ path: ['images', 0, 'tags'], message: 'required: expected a list' }] });
  });
});
