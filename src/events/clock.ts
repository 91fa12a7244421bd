/** Time is passed in (milliseconds since the epoch), so retry schedules are testable. */
export type Clock = () => number;
