import { describe, expect, it } from 'vitest';
import { goPurl, stdlibVersion } from './go-packages.js';

describe('stdlibVersion', () => {
  it('maps Go toolchain tags to the semantic versions of Go advisories (x/vuln GoTagToSemver)', () => {
    const cases: Record<string, string | undefined> = {
      'go1.19.8': 'v1.19.8',
      'go1.20': 'v1.20.0',
      'go1.21rc2': 'v1.21.0-rc.2',
      'go1.18beta1': 'v1.18.0-beta.1',
      'go1.21.11 X:nocoverageredesign': 'v1.21.11',
      'go1.22-20231128-RC02 cl/586117301 +6111acc8e6 X:fieldtrack,boringcrypto': 'v1.22.0-20231128-RC02',
      go1: 'v1.0.0',
      'go1.0': undefined,
      'devel go1.23-abcdef': undefined,
      'gccgo 1.2': undefined,
    };
    for (const [tag, want] of Object.entries(cases)) expect(stdlibVersion(tag), tag).toBe(want);
  });
});

describe('goPurl', () => {
  it('splits the module path into namespace and name and leaves out versions packageurl-js refuses', () => {
    expect(goPurl('github.com/containers/image/v5', 'v5.24.2')).toBe('pkg:golang/github.com/containers/image/v5@v5.24.2');
    expect(goPurl('go-app-stager', '(devel)')).toBe('pkg:golang/go-app-stager');
    expect(goPurl('example.com/m', 'v1.2')).toBe('pkg:golang/example.com/m');
    expect(goPurl('example.com/m', '1.2')).toBe('pkg:golang/example.com/m@1.2');
  });
});
