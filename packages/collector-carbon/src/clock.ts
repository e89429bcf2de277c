/** A monotonic clock in seconds. Wall-clock time can jump (NTP, suspend); intervals must not. */
export type MonotonicClock = () => number;

/** `performance.now()` in seconds: monotonic, sub-millisecond. */
export const monotonicSeconds: MonotonicClock = () => performance.now() / 1000;
