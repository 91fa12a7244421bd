import { describe, expect, it } from 'vitest';
import { POD_KINDS, extractPodTemplates } from './pod-templates.js';

const spec = {
  initContainers: [{ name: 'setup', image: 'init:1' }],
  containers: [
    { name: 'app', image: 'app:1' },
    { name: 'sidecar', image: 'side:1' },
  ],
  ephemeralContainers: [{ name: 'debugger', image: 'busybox' }],
};
const template = { metadata: { labels: { app: 'x' }, annotations: { a: 'b' } }, spec };

const objects: Record<string, [string, unknown, string]> = {
  Pod: ['', { metadata: { annotations: { a: 'b' } }, spec }, '/spec'],
  PodTemplate: ['', { template }, '/template/spec'],
  ReplicationController: ['', { spec: { template } }, '/spec/template/spec'],
  Deployment: ['apps', { spec: { template } }, '/spec/template/spec'],
  ReplicaSet: ['apps', { spec: { template } }, '/spec/template/spec'],
  StatefulSet: ['apps', { spec: { template } }, '/spec/template/spec'],
  DaemonSet: ['apps', { spec: { template } }, '/spec/template/spec'],
  Job: ['batch', { spec: { template } }, '/spec/template/spec'],
  CronJob: ['batch', { spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } } }, '/spec/jobTemplate/spec/template/spec'],
};

describe('extractPodTemplates', () => {
  it('covers every listed kind', () => {
    expect(POD_KINDS.map((layout) => layout.kind).sort()).toEqual(Object.keys(objects).sort());
  });

  for (const [kind, [group, object, pointer]] of Object.entries(objects)) {
    it(`finds every container of a ${kind}, with the JSON Pointer of each image`, () => {
      const extraction = extractPodTemplates(group, kind, object);
      if (extraction.kind !== 'checked') throw new Error(extraction.message);
      expect(extraction.isPod).toBe(kind === 'Pod');
      const [found] = extraction.templates;
      expect(found?.pointer).toBe(pointer);
      expect(found?.metadata.annotations).toEqual({ a: 'b' });
      expect(found?.containers).toEqual([
        { kind: 'initContainer', name: 'setup', image: 'init:1', pointer: `${pointer}/initContainers/0/image` },
        { kind: 'container', name: 'app', image: 'app:1', pointer: `${pointer}/containers/0/image` },
        { kind: 'container', name: 'sidecar', image: 'side:1', pointer: `${pointer}/containers/1/image` },
        { kind: 'ephemeralContainer', name: 'debugger', image: 'busybox', pointer: `${pointer}/ephemeralContainers/0/image` },
      ]);
    });
  }

  it('accepts older API versions of the same kinds (the layout is the same)', () => {
    expect(extractPodTemplates('extensions', 'Deployment', objects.Deployment?.[1]).kind).toBe('checked');
  });

  it('leaves other kinds alone, with a message', () => {
    expect(extractPodTemplates('', 'ConfigMap', { data: {} })).toEqual({ kind: 'unknown', message: 'Airlock checks pods and pod templates; ConfigMap is not one of them' });
    expect(extractPodTemplates('argoproj.io', 'Rollout', { spec: { template } })).toMatchObject({ kind: 'unknown', message: expect.stringContaining('argoproj.io/Rollout') });
    // The kind must match its group: a Deployment in the core group is not a Deployment.
    expect(extractPodTemplates('', 'Deployment', objects.Deployment?.[1]).kind).toBe('unknown');
  });

  it('says what is malformed', () => {
    expect(extractPodTemplates('', 'Pod', undefined)).toEqual({ kind: 'malformed', message: 'the Pod object is missing or not a JSON object' });
    expect(extractPodTemplates('', 'Pod', { spec: 'x' })).toEqual({ kind: 'malformed', message: 'Pod has no spec object' });
    expect(extractPodTemplates('apps', 'Deployment', { spec: {} })).toEqual({ kind: 'malformed', message: 'Deployment has no spec.template object' });
    expect(extractPodTemplates('batch', 'CronJob', { spec: { jobTemplate: { spec: { template: {} } } } })).toEqual({ kind: 'malformed', message: 'CronJob has no spec.jobTemplate.spec.template.spec object' });
    expect(extractPodTemplates('', 'Pod', { spec: { containers: {} } })).toEqual({ kind: 'malformed', message: 'Pod spec.containers is not a list' });
    expect(extractPodTemplates('', 'Pod', { spec: { containers: ['nginx'] } })).toEqual({ kind: 'malformed', message: 'Pod spec.containers[0] is not a container object' });
  });

  it('keeps containers without a name or image for the rules to judge', () => {
    const extraction = extractPodTemplates('', 'Pod', { spec: { containers: [{ image: 7 }] } });
    expect(extraction).toMatchObject({ kind: 'checked', templates: [{ containers: [{ name: '#0', image: 7 }] }] });
  });
});
