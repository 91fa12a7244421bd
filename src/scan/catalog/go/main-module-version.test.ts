import { describe, expect, it } from 'vitest';
import { pseudoVersion, resolveMainVersion, splitQuoted, versionFromLdflags } from './main-module-version.js';

const settings = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('resolveMainVersion', () => {
  it('keeps a real module version', () => {
    expect(resolveMainVersion({ path: 'go.etcd.io/bbolt', version: 'v1.3.5' }, settings({ '-ldflags': '-X main.version=v9.9.9' }))).toEqual({ version: 'v1.3.5', from: 'module' });
  });

  it('takes a version injected into package main (Trivy main-version-via-ldflags: v1.0.0)', () => {
    expect(resolveMainVersion({ path: 'github.com/aquasecurity/test', version: '(devel)' }, settings({ '-ldflags': '-X main.version=v1.0.0' }))).toEqual({ version: 'v1.0.0', from: 'ldflags' });
  });

  it('takes an injected version over the VCS stamp, and the VCS pseudo-version over (devel)', () => {
    const vcs = { 'vcs.revision': '4cb5f0764b8d5f425645c6f433394fede34a8a26', 'vcs.time': '2025-05-15T20:08:10Z' };
    const kpt = { path: 'github.com/GoogleContainerTools/kpt', version: '(devel)' };
    expect(resolveMainVersion(kpt, settings({ ...vcs, '-ldflags': '-s -w -X github.com/GoogleContainerTools/kpt/run.version=1.0.0-beta.56 -extldflags "-z noexecstack"' }))).toEqual({ version: 'v1.0.0-beta.56', from: 'ldflags' });
    expect(resolveMainVersion({ path: 'k8s.io/kubernetes', version: '(devel)' }, settings(vcs))).toEqual({ version: 'v0.0.0-20250515200810-4cb5f0764b8d', from: 'vcs' });
    expect(resolveMainVersion({ path: 'go-app-stager', version: '(devel)' }, settings({}))).toEqual({ version: '(devel)', from: 'none' });
  });
});

describe('versionFromLdflags', () => {
  it('reads -X in its spellings, quoted as cmd/go splits flags', () => {
    expect(versionFromLdflags('-X=main.Version=1.2.3', 'x')).toBe('v1.2.3');
    expect(versionFromLdflags('--X main.gitVersion=v2.0.0-rc.1+meta', 'x')).toBe('v2.0.0-rc.1+meta');
    expect(versionFromLdflags(' -X "github.com/docker/cli/cli/version.Version=28.2.2" -extldflags -static', 'github.com/docker/cli')).toBe('v28.2.2');
  });

  it('ignores variables of other modules, non-version names and non-semver values', () => {
    expect(versionFromLdflags('-X github.com/other/lib.Version=1.2.3', 'github.com/acme/tool')).toBeUndefined();
    expect(versionFromLdflags('-X github.com/acme/toolbox.Version=1.2.3', 'github.com/acme/tool')).toBeUndefined();
    expect(versionFromLdflags('-X main.revision=621ea2d5c3 -X "main.revisionDate=2025-05-27 14:55:20"', 'x')).toBeUndefined();
    expect(versionFromLdflags('-X main.version=dev -X main.version', 'x')).toBeUndefined();
    expect(versionFromLdflags('-X', 'x')).toBeUndefined();
  });
});

describe('pseudoVersion', () => {
  it('builds v0.0.0-<UTC time>-<12-hex revision> and refuses incomplete stamps', () => {
    expect(pseudoVersion('39d7233318deb49883d7f5e94cba96db15a01c0f', '2025-02-12T15:35:10+02:00')).toBe('v0.0.0-20250212133510-39d7233318de');
    expect(pseudoVersion('39d7233318de', undefined)).toBeUndefined();
    expect(pseudoVersion('not-hex', '2025-02-12T15:35:10Z')).toBeUndefined();
    expect(pseudoVersion('39d7233318deb498', 'yesterday')).toBeUndefined();
  });
});

describe('splitQuoted', () => {
  it('splits on spaces and keeps quoted fields whole', () => {
    expect(splitQuoted(` -s  -w -X "a.b=c d" -extldflags '-z now'`)).toEqual(['-s', '-w', '-X', 'a.b=c d', '-extldflags', '-z now']);
    expect(splitQuoted('-X "unterminated')).toEqual(['-X']);
  });
});
