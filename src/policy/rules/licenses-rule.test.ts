import { describe, expect, it } from 'vitest';
import { input, judge, pkg } from '../evaluation-harness.js';

const packages = [
  pkg('readline-gpl', '1.0.0', 'npm', { licenses: ['GPL-3.0-only'] }),
  pkg('dual', '2.0.0', 'npm', { licenses: ['MIT OR GPL-3.0-only'] }),
  pkg('bash', '5.2.15-2+b2', 'dpkg', { licenses: ['GPL-3+', 'BSD-4-Clause-UC'] }),
  pkg('coreutils', '9.1-1', 'dpkg', { licenses: ['GPL-3'] }),
  pkg('agpl-server', '0.1.0', 'python', { licenses: ['AGPL-3.0-or-later'] }),
  pkg('no-licence', '1.0.0'),
];

describe('licenses rule', () => {
  it('denies packages whose licence forces a denied one', () => {
    const evaluation = judge('    - {id: no-gpl3, deny: {licenses: [GPL-3.0-only, AGPL-3.0-or-later]}}\n', input({ packages }));
    expect(evaluation.reasons.map((reason) => reason.package)).toEqual(['readline-gpl', 'coreutils', 'agpl-server']);
    expect(evaluation.reasons[0]?.message).toBe('readline-gpl 1.0.0 is licensed under GPL-3.0-only, and the policy denies GPL-3.0-only; replace or remove it');
  });

  it('matches or-later ids only when the policy names them', () => {
    const evaluation = judge('    - {id: r, warn: {licenses: [GPL-3.0-or-later]}}\n', input({ packages }));
    expect(evaluation.warnings.map((reason) => reason.package)).toEqual(['bash']);
    expect(evaluation.outcome).toBe('pass');
  });

  it('does not judge packages without a declared licence', () => {
    expect(judge('    - {id: r, deny: {licenses: [MIT]}}\n', input({ packages: [pkg('no-licence', '1.0.0')] })).outcome).toBe('pass');
  });
});
