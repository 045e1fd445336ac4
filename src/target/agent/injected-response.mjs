// @ts-check
/**
 * A response whose request asked for injected latency or streaming (injection.mjs).
 *
 * The handler always runs at once: the target's own bookkeeping sees the request in flight, as with a
 * really slow handler. What is held is what the handler produces. Every byte of a response goes
 * through `OutgoingMessage#_send` (write, end, flushHeaders, a pipe, which calls write) — Node 20's
 * lib/_http_outgoing.js — so holding `_send` calls, and replaying them in order through the original
 * later, holds the response from its first byte whatever the handler does, and keeps its framing: the
 * header is prepended by `_send` itself when the first held call is replayed, and chunk framing is
 * already in the held bytes. Times are on the target's clock (`Date.now` and `setTimeout`, virtual
 * under the virtual clock, scaled under a time scale), read when used, never captured.
 */
import http from 'node:http';
import { HeldBytes } from './held-bytes.mjs';
import { forgetRawWrites, watchRawWrites } from './raw-socket-writes.mjs';

/** @typedef {'applied' | 'no-effect'} Effect */
/** @typedef {import('./protocol.mjs').Trickle} Trickle */

/**
 * Runs `fn` at `time` on the target's clock: at once when it is due. A zero delay would become 1 ms
 * (Node's rule), so a due time is never given to setTimeout. Unref'd: what keeps a slow response alive
 * is its socket, not a timer.
 * @param {number} time
 * @param {() => void} fn
 */
export function at(time, fn) {
  const wait = time - Date.now();
  if (wait <= 0) fn();
  else setTimeout(fn, wait).unref();
}

/**
 * A held or trickled answer begins at its first output, on the target's clock, for HTTP/1.1 and HTTP/2
 * alike: nothing is held when there is no trickle and the handler was slower than the latency asked
 * for (it answers in its own time); else the answer is gated until its due time, then released, or
 * trickled from then.
 * @param {{ holdUntil: number | null; trickle: unknown; mode: string; startedAt: number; release(): void; tick(k: number): void }} injected
 */
export function beginInjection(injected) {
  const now = Date.now();
  const start = Math.max(now, injected.holdUntil ?? now);
  if (!injected.trickle && start <= now) {
    injected.mode = 'open';
    return;
  }
  injected.mode = 'gated';
  injected.startedAt = start;
  if (!injected.trickle) return at(start, () => injected.release());
  // Not at once: the rest of the handler's synchronous code (its end(), say) runs first, so that the
  // first step knows whether there is a body, and whether it is complete.
  if (start <= now) setImmediate(() => injected.tick(0));
  else at(start, () => injected.tick(0));
}

export class InjectedResponse {
  /**
   * waiting: nothing produced yet; gated: producing, held; own-chunks: the agent streams chunks of its
   * own and then the handler's deferred end(); open: everything goes through.
   * @type {'waiting' | 'gated' | 'own-chunks' | 'open'}
   */
  mode = 'waiting';
  /** the real value of `response.finished` (see the accessor installed below) */
  finishedValue = false;
  /** while true, `response.finished` reads its real value: Node's own checks for a second end() */
  reveal = false;
  /** the handler wrote to the raw socket while the response was held */
  raw = false;
  /** the response was already (being) written out when the agent saw the request */
  late = false;
  /** the agent streamed chunks of its own before the handler's end() */
  ownChunks = false;
  /** how many of its own chunks the agent has written */
  ownSent = 0;
  /** the handler's end() that began the agent's own chunks is in the event loop's current turn */
  ownChunksThisTurn = false;
  /** lets the handler's deferred end() through, ending the agent's own chunks */
  finishOwnChunks = () => {};
  /** when the trickle began (the target's clock) */
  startedAt = 0;

  /**
   * @param {http.ServerResponse} response
   * @param {import('node:net').Socket} socket
   * @param {number | null} holdUntil
   * @param {Trickle | null} trickle
   */
  constructor(response, socket, holdUntil, trickle) {
    this.response = response;
    this.holdUntil = holdUntil;
    this.trickle = trickle;
    const anyResponse = /** @type {any} internal fields of ServerResponse, read and wrapped per instance */ (response);
    if (anyResponse._headerSent || response.finished) {
      this.late = true;
      this.mode = 'open';
      return;
    }
    watchRawWrites(socket, this);
    response.once('close', () => forgetRawWrites(socket, this));

    /** @type {(...args: unknown[]) => boolean} */
    this.send = anyResponse._send;
    /** @type {(...args: unknown[]) => unknown} */
    this.end = anyResponse.end;
    /** @type {(...args: unknown[]) => unknown} */
    this.write = anyResponse.write;
    /** @type {HeldBytes} what the handler produced and the agent holds */
    this.held = new HeldBytes(response, this.send);
    // Own properties of this one response, in front of the prototype's, which they call.
    anyResponse._send = (/** @type {any} */ data, /** @type {any} */ encoding, /** @type {unknown} */ callback, /** @type {any} */ byteLength) =>
      this.onSend(data, encoding, callback, byteLength);
    anyResponse.end = (/** @type {unknown[]} */ ...args) => this.onEnd(args);
    anyResponse.write = (/** @type {unknown[]} */ ...args) => this.onWrite(args);
    if (trickle?.sse) {
      // A response whose headers are not stored yet becomes an event stream, as a real SSE route is.
      const implicitHeader = anyResponse._implicitHeader;
      anyResponse._implicitHeader = () => {
        response.setHeader('content-type', 'text/event-stream');
        return implicitHeader.call(response);
      };
    }
    // Node's end() sets `finished` at once, and `server.close()` (through closeIdleConnections) destroys
    // a socket whose response is finished: while its bytes are held, the response reads as unfinished,
    // as a slow handler's does, so that the target treats it as the request in flight it stands for.
    Object.defineProperty(response, 'finished', {
      configurable: true,
      enumerable: true,
      get: () => this.finishedValue && (this.mode !== 'gated' || this.reveal),
      set: (value) => {
        this.finishedValue = Boolean(value);
      },
    });
    // Held bytes are bytes waiting to be written. end() after the header went out (a trickle's first
    // step) sends its final empty write, which carries 'finish', only when something is waiting;
    // otherwise it finishes on the next tick, and the socket would end under the held bytes.
    const writableLength = Object.getOwnPropertyDescriptor(http.OutgoingMessage.prototype, 'writableLength')?.get;
    if (writableLength) {
      Object.defineProperty(response, 'writableLength', {
        configurable: true,
        enumerable: false,
        get: () => writableLength.call(response) + this.held.queued,
      });
    }
  }

  /** @returns {Effect} */
  effect() {
    if (this.late || this.raw) return 'no-effect';
    if (!this.trickle) return 'applied';
    const anyResponse = /** @type {any} */ (this.response);
    if (!anyResponse._hasBody || this.trickle.chunks === 0) return 'no-effect';
    if (this.ownChunks) return 'applied';
    // With at least one byte after the header, the last one was held to the end: the client saw the
    // response begun and unfinished for the whole trickle.
    return this.held.seen > 0 ? 'applied' : 'no-effect';
  }

  /**
   * @param {string | Uint8Array} data
   * @param {BufferEncoding | null | undefined} encoding
   * @param {unknown} callback
   * @param {number | undefined} byteLength
   */
  onSend(data, encoding, callback, byteLength) {
    if (this.mode === 'waiting') this.begin();
    if (this.mode !== 'gated') return this.send.call(this.response, data, encoding, callback, byteLength);
    return this.held.hold(data, encoding, callback, byteLength);
  }

  /** The handler's first byte: hold from now until the due time, and trickle from there. */
  begin() {
    beginInjection(this);
  }


  /** @param {unknown[]} args */
  onEnd(args) {
    const response = this.response;
    if (this.finishedValue && this.mode === 'gated') return this.asFinished(() => this.end.apply(response, args));
    if (this.mode === 'own-chunks') return this.endOwnChunksEarly();
    const anyResponse = /** @type {any} */ (response);
    if (this.mode === 'waiting' && this.trickle && !anyResponse._header) return this.streamOwnChunks(args);
    return this.end.apply(response, args);
  }

  /** @param {unknown[]} args */
  onWrite(args) {
    if (this.finishedValue && this.mode === 'gated') return this.asFinished(() => this.write.apply(this.response, args));
    return this.write.apply(this.response, args);
  }

  /**
   * Node's own handling of a write or an end() after end(), which reads `finished`.
   * @param {() => unknown} fn
   */
  asFinished(fn) {
    this.reveal = true;
    try {
      return fn();
    } finally {
      this.reveal = false;
    }
  }

  /**
   * The handler ended a response whose headers are not stored yet: the framing is the agent's to
   * choose. It streams chunks of its own, one every `every` ms, then lets the handler's end() through,
   * whose body is the last chunk.
   * @param {unknown[]} args
   */
  streamOwnChunks(args) {
    const { chunks, every, sse } = /** @type {Trickle} */ (this.trickle);
    const response = this.response;
    this.mode = 'own-chunks';
    this.ownChunks = true;
    response.removeHeader('content-length');
    if (sse) response.setHeader('content-type', 'text/event-stream');
    const now = Date.now();
    const start = Math.max(now, this.holdUntil ?? now);
    this.finishOwnChunks = () => {
      this.mode = 'open';
      this.end.apply(response, args);
    };
    this.ownChunksThisTurn = true;
    setImmediate(() => {
      this.ownChunksThisTurn = false;
    });
    const next = () => {
      if (response.destroyed || response.writableEnded) return;
      if (this.ownSent < chunks) {
        this.write.call(response, sse ? `data: ${this.ownSent}\n\n` : `chunk ${this.ownSent}\n`);
        this.ownSent++;
        at(start + this.ownSent * every, next);
      } else {
        this.finishOwnChunks();
      }
    };
    at(start, next);
    return response;
  }

  /**
   * The target calls end() again while the agent streams its own chunks. In a later turn of the event
   * loop the target is ending its stream before the trickle's natural end, as a real streaming route
   * can (a shutdown deadline that ends what is left with its final chunk): the handler's deferred end()
   * goes through now, and the client sees the stream end cleanly, shorter. In the same turn it is a
   * handler that ends twice (some frameworks' error paths do), and the trickle goes on.
   */
  endOwnChunksEarly() {
    if (!this.ownChunksThisTurn) this.finishOwnChunks();
    return this.response;
  }

  /**
   * Step `k` of a trickle over the handler's own bytes: the header alone at step 0, then at each step
   * the bytes held so far in proportion (k/chunks of them), but never the last one, which goes at step
   * `chunks` with everything else; from then on the response goes through.
   * @param {number} k
   */
  tick(k) {
    if (this.mode !== 'gated') return;
    if (this.response.destroyed) return this.release();
    const { chunks, every } = /** @type {Trickle} */ (this.trickle);
    const anyResponse = /** @type {any} */ (this.response);
    if (k === 0) {
      if (!anyResponse._hasBody || chunks === 0 || (this.finishedValue && this.held.seen === 0)) return this.release();
      this.send.call(this.response, '', 'latin1', null);
    } else if (k >= chunks) {
      return this.release();
    } else {
      const { seen } = this.held;
      this.held.releaseUpTo(Math.min(seen - 1, Math.floor((seen * k) / chunks)));
    }
    at(this.startedAt + (k + 1) * every, () => this.tick(k + 1));
  }

  /** Lets everything held out, in order, and opens the gate. */
  release() {
    if (this.mode !== 'gated') return;
    // Open first, so that nothing produced from here on is held behind what goes out now.
    this.mode = 'open';
    this.held.releaseAll();
  }

  /**
   * The handler wrote to the raw socket: what it produced before goes out first, then its raw bytes,
   * and from then on the agent keeps out of its way.
   */
  abandon() {
    this.raw = true;
    if (this.mode === 'gated') this.release();
    else if (this.mode === 'waiting') this.mode = 'open';
  }
}
