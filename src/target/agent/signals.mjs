// @ts-check
/**
 * Reports the signal handlers the target registers, and when they run. The agent adds no handler of
 * its own: a SIGTERM listener removes Node's default action (exit with 128 + signal), so adding one
 * would change what the target does.
 */
import { emit } from './events.mjs';

/**
 * A signal handler of the target's has begun to run: from then on the target knows it is shutting down.
 * A response whose head was fixed before could not have said `Connection: close` for it — even one
 * fixed in the same instant, for a request that arrived with the signal and was read first.
 */
let signalHandled = false;

export function signalHandlerHasRun() {
  return signalHandled;
}

export function watchSignals() {
  const names = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2']);
  const target = /** @type {any} process's EventEmitter methods, wrapped in place */ (process);
  const on = process.on;
  const prepend = process.prependListener;
  const removeListener = process.removeListener;

  /**
   * @param {string} signal
   * @param {(...args: unknown[]) => unknown} handler
   * @param {boolean} once
   */
  function wrap(signal, handler, once) {
    /** @this {unknown} @param {unknown[]} args */
    const wrapped = function (...args) {
      // Emulates `once` on top of `on`, so that removeListener(handler) still finds it through
      // `.listener` (EventEmitter compares `listener.listener` when removing).
      if (once) removeListener.call(process, signal, wrapped);
      signalHandled = true;
      emit({ kind: 'event', type: 'signal-handled', signal });
      return handler.apply(this, args);
    };
    wrapped.listener = handler;
    return wrapped;
  }

  /**
   * @param {Function} original
   * @param {boolean} once
   */
  function patch(original, once) {
    /** @this {unknown} @param {string | symbol} name @param {any} handler */
    return function (name, handler) {
      if (typeof name === 'string' && names.has(name) && typeof handler === 'function') {
        emit({ kind: 'event', type: 'signal-handler-added', signal: name });
        const base = original === prepend || original === process.prependOnceListener ? prepend : on;
        return /** @type {any} */ (base).call(process, name, wrap(name, handler, once));
      }
      return /** @type {any} */ (original).call(process, name, handler);
    };
  }

  target.on = patch(process.on, false);
  target.addListener = patch(process.addListener, false);
  target.once = patch(process.once, true);
  target.prependListener = patch(process.prependListener, false);
  target.prependOnceListener = patch(process.prependOnceListener, true);
}
