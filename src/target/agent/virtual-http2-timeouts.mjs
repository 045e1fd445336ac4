// @ts-check
/**
 * HTTP/2 session and stream timeouts on the virtual clock. `session.setTimeout()` and
 * `stream.setTimeout()` (and through them the compatibility API's `req.setTimeout()`) arm a timer on
 * Node's internal timer list (setStreamTimeout in lib/internal/http2/core.js uses setUnrefTimeout),
 * which installing fake timers does not reach: measured on Node 20.20, a 3 s session timeout did not
 * fire in 10 s of virtual time. The same contract is put on the virtual clock, as for
 * `socket.setTimeout()` (virtual-clock-builtins.mjs): the handle is stored where Node keeps its own
 * (the `timeout` slot), so that Node's activity refresh (kUpdateTimer: `this[kTimeout].refresh()`, on
 * every frame) refreshes the fake handle; on expiry Node's own `_onTimeout` decides, as it would.
 *
 * Http2Session and Http2Stream are not exported: their prototypes are reached through the first
 * session and stream a server emits, before the target's own listeners see them.
 */
import http2 from 'node:http2';

/** @param {any} clock the installed fake-timers clock, its setTimeout already wrapped to track refs */
export function fakeHttp2Timeouts(clock) {
  /** @type {Set<object>} prototypes already patched */
  const patched = new Set();
  /** @param {any} instance a session or a stream */
  const patchClassOf = (instance) => {
    // The class that defines setTimeout: Http2Session for a ServerHttp2Session, Http2Stream for a ServerHttp2Stream.
    let proto = Object.getPrototypeOf(instance);
    while (proto && !Object.prototype.hasOwnProperty.call(proto, 'setTimeout')) proto = Object.getPrototypeOf(proto);
    if (!proto || patched.has(proto)) return;
    const kTimeout = Object.getOwnPropertySymbols(instance).find((s) => s.description === 'timeout');
    if (!kTimeout) return; // a Node without this slot keeps real HTTP/2 timeouts
    patched.add(proto);
    const closeHooked = Symbol('shutdown-check.http2-timeout-close-hook');
    /** @this {any} @param {number} msecs @param {() => void} [callback] */
    proto.setTimeout = function setTimeout(msecs, callback) {
      // The timer callback and the close hook need the session or stream after this call returns.
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      const self = this;
      if (self.destroyed) return self;
      if (self[kTimeout]) clock.clearTimeout(self[kTimeout]);
      self[kTimeout] = null;
      const ms = Number(msecs);
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`The value of "msecs" is out of range. Received ${msecs}`);
      if (ms === 0) {
        if (callback) self.removeListener('timeout', callback);
        return self;
      }
      const handle = clock.setTimeout(() => {
        if (!self.destroyed) self._onTimeout();
      }, ms);
      handle.unref();
      self[kTimeout] = handle;
      if (callback) self.once('timeout', callback);
      if (!self[closeHooked]) {
        self[closeHooked] = true;
        // Node clears the timeout on close with the real clearTimeout, which cannot clear ours.
        self.once('close', () => {
          if (self[kTimeout]) clock.clearTimeout(self[kTimeout]);
        });
      }
      return self;
    };
  };
  for (const Server of [http2.createServer().constructor, http2.createSecureServer().constructor]) {
    const prototype = /** @type {{ emit: (name: string | symbol, ...args: any[]) => boolean }} */ (Server.prototype);
    const emitOnServer = prototype.emit;
    prototype.emit = function (name, ...args) {
      if (name === 'session' || name === 'stream') patchClassOf(args[0]);
      return emitOnServer.apply(this, [name, ...args]);
    };
  }
}
