import { describe, expect, it } from 'vitest';
import { normalizeImageReference } from './image-reference.js';
import { mirrorRepository } from './image-verdict.js';

const mirrorOf = (image: string) => {
  const outcome = normalizeImageReference(image);
  if (!outcome.ok) throw new Error(`${image} did not parse`);
  return mirrorRepository(outcome.reference);
};

describe('mirrorRepository', () => {
  it('names the mirror path the mirror itself uses (gate/mirror/mirror-path.ts)', () => {
    expect(mirrorOf('grafana/grafana:10.4.1')).toBe('mirror/docker.io/grafana/grafana');
    expect(mirrorOf('debian:12')).toBe('mirror/docker.io/library/debian');
    expect(mirrorOf('quay.io/prometheus/node-exporter:v1.8.1')).toBe('mirror/quay.io/prometheus/node-exporter');
    expect(mirrorOf('registry.example:5000/library/debian:12')).toBe('mirror/registry.example_5000/library/debian');
  });

  it('gives up on hosts the mirror encodes differently', () => {
    expect(mirrorOf('[::1]:5000/team/app:1')).toBeUndefined();
  });
});
