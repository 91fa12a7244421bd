import { describe, expect, it } from 'vitest';
import { nextState, type StateFacts } from './image-state.js';

const DAY = 86_400_000;
const at = (state: StateFacts['state'], extra: Partial<StateFacts> = {}): StateFacts => ({ state, failingSince: null, revokeAt: null, ...extra });

describe('nextState', () => {
  it('approves or rejects a freshly scanned image', () => {
    expect(nextState(at('scanning'), 'pass', 1000, 7 * DAY)).toEqual({ state: 'approved', failingSince: null, revokeAt: null, promote: true });
    expect(nextState(at('scanning'), 'fail', 1000, 7 * DAY)).toEqual({ state: 'rejected', failingSince: null, revokeAt: null, promote: false });
  });

  it('puts an approved image that starts failing at risk for the grace period, then revokes it', () => {
    const atRisk = nextState(at('approved'), 'fail', 1000, 7 * DAY);
    expect(atRisk).toEqual({ state: 'at-risk', failingSince: 1000, revokeAt: 1000 + 7 * DAY, promote: false });
    expect(nextState(atRisk, 'fail', 1000 + DAY, 7 * DAY).state).toBe('at-risk');
    expect(nextState(atRisk, 'fail', 1000 + 7 * DAY, 7 * DAY)).toMatchObject({ state: 'revoked', failingSince: 1000 });
  });

  it('revokes at once when there is no grace period', () => {
    expect(nextState(at('approved'), 'fail', 1000, 0).state).toBe('revoked');
  });

  it('brings back at-risk, revoked and rejected images that pass again, promoting those that were not served', () => {
    expect(nextState(at('at-risk', { failingSince: 1, revokeAt: 2 }), 'pass', 5, DAY)).toEqual({ state: 'approved', failingSince: null, revokeAt: null, promote: false });
    expect(nextState(at('revoked', { failingSince: 1, revokeAt: 2 }), 'pass', 5, DAY)).toMatchObject({ state: 'approved', promote: true });
    expect(nextState(at('rejected'), 'pass', 5, DAY)).toMatchObject({ state: 'approved', promote: true });
  });

  it('keeps rejected and revoked images where they are while they fail', () => {
    expect(nextState(at('rejected'), 'fail', 5, DAY).state).toBe('rejected');
    expect(nextState(at('revoked', { failingSince: 1, revokeAt: 2 }), 'fail', 5, DAY)).toMatchObject({ state: 'revoked', failingSince: 1 });
  });
});
