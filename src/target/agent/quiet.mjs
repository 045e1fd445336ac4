// @ts-check
/**
 * When the target is quiet: the agent answers a command only once the callbacks the last action
 * queued have run, so that what the harness reads next is everything that action did.
 */
import { realMs, realSetImmediate, realSetTimeout } from './real-time.mjs';

/**
 * Requests in flight that answer in real time, as process.getActiveResourcesInfo() names them: libuv
 * thread-pool work (file reads, DNS lookups) and socket writes the kernel has not taken yet (a large
 * body going out as fast as its client reads it).
 */
const POOL_REQUESTS = new Set(['FSReqCallback', 'FSReqPromise', 'GetAddrInfoReqWrap', 'GetNameInfoReqWrap', 'QueryReqWrap', 'WriteWrap', 'SimpleWriteWrap', 'ShutdownWrap']);
/** The longest the agent waits for the thread pool before answering anyway (real ms; the harness's watchdog is 10 s). */
const POOL_WAIT_MS = 5_000;
/**
 * How many more turns the agent gives a chain of immediates the target keeps scheduling. A drain that
 * waits a few turns of the loop before it closes its listener (scenarios/reference.js polls three
 * times) finishes well inside it; a loop that polls forever with setImmediate costs only this many.
 * Turns, not time: the same count on an idle and on a loaded machine.
 */
const IMMEDIATE_TURNS = 16;

/**
 * Waits until the target has had two turns of its event loop with nothing to do but this wait, so
 * that callbacks the last action queued (I/O, immediates, ticks) have run before the agent answers.
 * @returns {Promise<void>}
 */
export async function quietTurns() {
  const turn = () => new Promise((resolve) => realSetImmediate(resolve));
  await turn();
  await turn();
  // Two turns run what the last action queued, but not an immediate that schedules the next: a chain
  // the target started (its drain waiting a few polls) would otherwise end in a later step whenever
  // the target was descheduled before the agent was asked, and one history would depend on the load.
  for (let i = 0; i < IMMEDIATE_TURNS && immediatesPending(); i++) await turn();
  // A request on libuv's thread pool (a file read, a DNS lookup) or a socket write still going out
  // answers in real time, after any number of idle turns: a static file server reads the file it sends
  // and writes it as fast as its client reads. Until they are done the target is not quiet; waiting here
  // (a real millisecond at a time, bounded) keeps what it does next in this step, wherever the
  // machine's load puts it.
  const until = realMs() + POOL_WAIT_MS;
  while (poolBusy() && realMs() < until) {
    await new Promise((resolve) => realSetTimeout(resolve, 1));
    await turn();
    await turn();
  }
}

/** The target's own immediates still to run (refed ones: getActiveResourcesInfo lists one 'Immediate' each). */
function immediatesPending() {
  return process.getActiveResourcesInfo().includes('Immediate');
}

/** Thread-pool requests in flight (process.getActiveResourcesInfo names them by their request type). */
function poolBusy() {
  return process.getActiveResourcesInfo().some((resource) => POOL_REQUESTS.has(resource));
}
