/**
 * A start-up time limit that a stalled harness does not turn into a false "never ready". When the
 * harness's own event loop is held up past the limit (a machine starved by other work), Node runs the
 * timers phase before the poll phase, so the limit would fire before the harness reads what the target
 * sent meanwhile — its "listening", its ready line. The limit therefore fires one poll phase later:
 * setImmediate callbacks run after it. Returns the function that cancels it.
 */
export function startupTimer(ms: number, onTimeout: () => void): () => void {
  let immediate: NodeJS.Immediate | undefined;
  const timer = setTimeout(() => {
    immediate = setImmediate(onTimeout);
  }, ms);
  return () => {
    clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
  };
}
