import { describe, expect, it } from 'vitest';
import type { LayerAnalysis } from './layer-analysis.js';
import { squashLayers } from './squash.js';

function layer(digest: string, parts: Partial<LayerAnalysis>): LayerAnalysis {
  return { digest, files: [], whiteouts: [], opaqueDirectories: [], links: [], symlinks: [], errors: [], complete: true, ...parts };
}

function file(path: string, packages: Array<[string, string]>) {
  return {
    path,
    cataloger: 'lines',
    packages: packages.map(([name, version]) => ({ name, version, type: 'dpkg' as const, purl: `pkg:deb/debian/${name}@${version}`, path })),
  };
}

const inventory = (layers: LayerAnalysis[]) =>
  squashLayers(layers)
    .files.flatMap((f) => f.packages.map((p) => `${p.name}@${p.version}:${p.layer}`))
    .sort();

describe('squashLayers', () => {
  it('lets an upper layer replace a file and attributes each package to the layer that introduced it', () => {
    const base = layer('L1', { files: [file('/var/lib/dpkg/status', [['libc6', '2.36'], ['bash', '5.2']])] });
    const upgrade = layer('L2', { files: [file('/var/lib/dpkg/status', [['libc6', '2.36'], ['bash', '5.2.1'], ['curl', '7.88']])] });
    const unrelated = layer('L3', { files: [file('/app/x', [['x', '1']])] });
    expect(inventory([base, upgrade, unrelated])).toEqual(['bash@5.2.1:L2', 'curl@7.88:L2', 'libc6@2.36:L1', 'x@1:L3']);
  });

  it('forgets history once a path is deleted and written again', () => {
    const layers = [
      layer('L1', { files: [file('/a', [['p', '1']])] }),
      layer('L2', { whiteouts: ['/a'] }),
      layer('L3', { files: [file('/a', [['p', '1']])] }),
    ];
    expect(inventory(layers)).toEqual(['p@1:L3']);
  });

  it('applies whiteouts to lower layers only, including everything below a deleted directory', () => {
    const layers = [
      layer('L1', { files: [file('/app/node_modules/a/package.json', [['a', '1']]), file('/keep', [['k', '1']])] }),
      layer('L2', { whiteouts: ['/app'], files: [file('/app/new', [['n', '1']])] }),
    ];
    expect(inventory(layers)).toEqual(['k@1:L1', 'n@1:L2']);
  });

  it('hides lower content of an opaque directory but keeps the directory and its same-layer content', () => {
    const layers = [
      layer('L1', { files: [file('/opt/old', [['old', '1']]), file('/optional', [['optional', '1']])] }),
      layer('L2', { opaqueDirectories: ['/opt'], files: [file('/opt/new', [['new', '1']])] }),
    ];
    expect(inventory(layers)).toEqual(['new@1:L2', 'optional@1:L1']);
  });

  it('resolves wanted links through directory symlinks, reports loops, and lists targets that still need reading', () => {
    const layers = [
      layer('L1', { symlinks: [['/lib', 'usr/lib']], files: [file('/usr/lib/a.pkg', [['a', '1']])] }),
      layer('L2', {
        symlinks: [['/loop', '/loop'], ['/etc/x.pkg', '/lib/a.pkg'], ['/etc/y.pkg', '/opt/y.bin']],
        links: [
          { path: '/etc/x.pkg', target: '/lib/a.pkg', kind: 'symlink', catalogers: ['lines'] },
          { path: '/etc/y.pkg', target: '/opt/y.bin', kind: 'symlink', catalogers: ['lines'] },
          { path: '/loop', target: '/loop', kind: 'symlink', catalogers: ['lines'] },
        ],
      }),
    ];
    const squashed = squashLayers(layers);
    expect(squashed.unresolvedLinks.map((l) => [l.path, l.resolved, l.layer])).toEqual([['/etc/y.pkg', '/opt/y.bin', 'L2']]);
    expect(squashed.errors).toEqual(['/loop: symbolic link loop; not followed']);
  });

  it('collects layer errors and OS candidates', () => {
    const os = { family: 'debian', version: '12', source: '/etc/os-release' };
    const squashed = squashLayers([layer('L1', { errors: ['bad'], files: [{ path: '/etc/os-release', cataloger: 'os-release', packages: [], os }] })]);
    expect(squashed.osCandidates).toEqual([os]);
    expect(squashed.errors).toEqual(['bad']);
  });
});
