import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LayeredNamespaceLabels, StaticNamespaceLabels } from './namespace-labels.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'airlock-ns-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('namespace labels', () => {
  it('come from a YAML file, with inline entries winning', async () => {
    const file = path.join(dir, 'namespaces.yaml');
    await writeFile(file, 'payments:\n  pod-security.kubernetes.io/enforce: restricted\nlegacy:\n  pod-security.kubernetes.io/enforce: privileged\n');
    const labels = StaticNamespaceLabels.fromFile(file, { legacy: { 'pod-security.kubernetes.io/enforce': 'baseline' } });
    expect(labels.labels('payments')).toEqual({ 'pod-security.kubernetes.io/enforce': 'restricted' });
    expect(labels.labels('legacy')).toEqual({ 'pod-security.kubernetes.io/enforce': 'baseline' });
    expect(labels.labels('unknown')).toBeUndefined();
  });

  it('say what is wrong with a file', async () => {
    const file = path.join(dir, 'bad.yaml');
    await writeFile(file, 'payments: restricted\n');
    expect(() => StaticNamespaceLabels.fromFile(file)).toThrow(/bad.yaml: payments: .*expected namespace: \{label: value\}/);
    expect(() => StaticNamespaceLabels.fromFile(path.join(dir, 'missing.yaml'))).toThrow(/ENOENT/);
  });

  it('are asked of each source in turn', () => {
    const live = new StaticNamespaceLabels({ a: { from: 'live' } });
    const fixed = new StaticNamespaceLabels({ a: { from: 'file' }, b: { from: 'file' } });
    const layered = new LayeredNamespaceLabels([live, fixed]);
    expect(layered.labels('a')).toEqual({ from: 'live' });
    expect(layered.labels('b')).toEqual({ from: 'file' });
    expect(layered.labels('c')).toBeUndefined();
  });
});
