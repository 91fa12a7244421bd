import { describe, expect, it } from 'vitest';
import { image, input, judge } from '../evaluation-harness.js';

const rule = '    - {id: traceable, deny: {require: {labels: [org.opencontainers.image.source, org.opencontainers.image.revision], annotations: [com.example.owner]}}}\n';

describe('require rule', () => {
  it('passes when every label and annotation is present', () => {
    const subject = input({
      image: image({
        labels: { 'org.opencontainers.image.source': 'https://git.example.com/x', 'org.opencontainers.image.revision': 'abc123' },
        annotations: { 'com.example.owner': 'payments' },
      }),
    });
    expect(judge(rule, subject).outcome).toBe('pass');
  });

  it('names each missing or blank one, with how to add it', () => {
    const subject = input({ image: image({ labels: { 'org.opencontainers.image.source': 'https://git.example.com/x', 'org.opencontainers.image.revision': ' ' }, annotations: {} }) });
    expect(judge(rule, subject).reasons.map((reason) => reason.message)).toEqual([
      'label org.opencontainers.image.revision is missing or empty: add `LABEL org.opencontainers.image.revision=…` to the Dockerfile (or --label to the build)',
      'annotation com.example.owner is missing or empty: add it to the image manifest (docker buildx build --annotation "com.example.owner=…")',
    ]);
  });

  it('does not take a label for an annotation', () => {
    const subject = input({ image: image({ labels: { team: 'payments' }, annotations: {} }) });
    expect(judge('    - {id: r, deny: {require: {annotations: [team]}}}\n', subject).outcome).toBe('fail');
    expect(judge('    - {id: r, deny: {require: {labels: [team]}}}\n', subject).outcome).toBe('pass');
  });
});
