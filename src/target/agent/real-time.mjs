// @ts-check
/**
 * The real clock, as the agent found it. Taken when this module loads, before either clock is
 * installed (the virtual clock replaces the globals, the scaled one wraps them): the agent's own
 * bookkeeping — waiting for the target to be quiet, stamping events — runs on real time.
 */

export const realHrtime = process.hrtime.bigint;
export const realSetInterval = globalThis.setInterval;
export const realSetImmediate = globalThis.setImmediate;
export const realSetTimeout = globalThis.setTimeout;

/** Real monotonic ms (Date and performance may be the virtual clock's). */
export const realMs = () => Number(realHrtime() / 1_000_000n);
