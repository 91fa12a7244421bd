/** Time is passed in, so expiry rules are testable. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
