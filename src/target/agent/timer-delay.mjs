// @ts-check
/**
 * Node's rule for a timer's delay (lib/internal/timers.js): a delay below 1 or above 2^31-1, or one
 * that is not a number, becomes 1. Both clocks apply it before they schedule or scale a timer, so that
 * a fake or scaled timer is due when Node's own would be.
 * @param {unknown} ms
 */
export function nodeDelay(ms) {
  const delay = Number(ms);
  return delay >= 1 && delay <= 2 ** 31 - 1 ? delay : 1;
}

/**
 * `AbortSignal.timeout(delay)` accepts an integer from 0 to 2^32-1 (validateUint32); anything else is
 * left to Node's own implementation, which throws the error Node throws.
 * @param {unknown} delay
 * @returns {delay is number}
 */
export function validAbortDelay(delay) {
  return typeof delay === 'number' && Number.isInteger(delay) && delay >= 0 && delay <= 2 ** 32 - 1;
}
