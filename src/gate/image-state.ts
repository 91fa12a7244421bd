/**
 * An image's life in the gate, and how a verdict moves it. Pure: previous state,
 * the policy's outcome, the grace period and the time in; the next state out.
 *
 *   received → scanning → approved | rejected | error
 *   approved → at-risk (fails now, inside its grace period) → revoked (grace over)
 *   at-risk | revoked → approved when it passes again; rejected → approved likewise
 */
export const IMAGE_STATES = ['received', 'scanning', 'approved', 'rejected', 'at-risk', 'revoked', 'error'] as const;
export type ImageState = (typeof IMAGE_STATES)[number];

export interface StateFacts {
  state: ImageState;
  failingSince: number | null;
  revokeAt: number | null;
}

export interface Transition extends StateFacts {
  /** Whether the image must be (re)promoted into its approved repository. */
  promote: boolean;
}

export function nextState(previous: StateFacts, outcome: 'pass' | 'fail', now: number, gracePeriodMs: number): Transition {
  if (outcome === 'pass') {
    return { state: 'approved', failingSince: null, revokeAt: null, promote: previous.state !== 'approved' && previous.state !== 'at-risk' };
  }
  switch (previous.state) {
    case 'approved': {
      const revokeAt = now + gracePeriodMs;
      return { state: revokeAt <= now ? 'revoked' : 'at-risk', failingSince: now, revokeAt, promote: false };
    }
    case 'at-risk':
      return { ...previous, state: previous.revokeAt !== null && previous.revokeAt <= now ? 'revoked' : 'at-risk', promote: false };
    case 'revoked':
      return { ...previous, promote: false };
    default:
      return { state: 'rejected', failingSince: null, revokeAt: null, promote: false };
  }
}

/** States whose image may be served from its approved repository. */
export function isServable(state: ImageState): boolean {
  return state === 'approved' || state === 'at-risk';
}
