// @ts-check
/**
 * An HTTP/2 stream whose request asked for injected latency or streaming (injection.mjs): the HTTP/2
 * counterpart of injected-response.mjs.
 *
 * The handler runs at once, as for HTTP/1.1; what is held is what it produces. Node's compatibility
 * API (Http2ServerResponse, lib/internal/http2/compat.js) and the core API alike answer through three
 * public methods of the ServerHttp2Stream: `respond` (the HEADERS frame), `write` and `end` (DATA, and
 * END_STREAM) — a pipe calls write and end too. Those are wrapped on this one stream, their calls kept
 * in order and replayed through the originals later. Held above the Writable, not below it: a stream
 * whose writable side has ended sends END_STREAM after the last DATA it is given (kWriteGeneric in
 * lib/internal/http2/core.js checks `_writableState.ending` after each write), so a trickle that let
 * part of the body through an ended Writable would end the stream there. Until its end() is let out
 * the stream reads as unended (`writableEnded` false, no 'finish'), as a slow handler's does, and the
 * session keeps it open: `session.close()` waits for it, `session.destroy()` cuts it.
 *
 * While its `respond` is held the stream reads `headersSent` true: the compatibility layer decides on
 * it whether to respond again (writeHead, write and end check it), and a second respond would throw.
 * Times are on the target's clock (virtual under the virtual clock), read when used.
 */
import http2 from 'node:http2';
import { bytesOf, endArguments, HeldH2Calls, writeArguments } from './held-h2-calls.mjs';
import { at, beginInjection } from './injected-response.mjs';

/** @typedef {import('./injected-response.mjs').Effect} Effect */
/** @typedef {import('./protocol.mjs').Trickle} Trickle */

const { HTTP_STATUS_NO_CONTENT, HTTP_STATUS_RESET_CONTENT, HTTP_STATUS_NOT_MODIFIED } = http2.constants;

export class InjectedH2Stream {
  /**
   * waiting: nothing produced yet; gated: producing, held; open: everything goes through.
   * @type {'waiting' | 'gated' | 'open'}
   */
  mode = 'waiting';
  /** the answer has no body to show mid-way: HEAD, 204, 205, 304, END_STREAM with the HEADERS, a file */
  bodiless = false;
  /** the stream had answered already when the agent saw it */
  late = false;
  /** when the trickle began (the target's clock) */
  startedAt = 0;
  /** the handler's end() was held in the event loop's current turn */
  endThisTurn = false;
  /** @type {http2.OutgoingHttpHeaders | undefined} the held HEADERS, as `sentHeaders` reads them */
  heldHead = undefined;

  /**
   * @param {http2.ServerHttp2Stream} stream
   * @param {number | null} holdUntil
   * @param {Trickle | null} trickle
   */
  constructor(stream, holdUntil, trickle) {
    this.stream = stream;
    this.holdUntil = holdUntil;
    this.trickle = trickle;
    const anyStream = /** @type {any} the stream's public methods, wrapped on this instance */ (stream);
    /** @type {(...args: unknown[]) => unknown} */
    this.respond = anyStream.respond;
    /** @type {(...args: unknown[]) => unknown} */
    this.write = anyStream.write;
    /** @type {(...args: unknown[]) => unknown} */
    this.end = anyStream.end;
    this.held = new HeldH2Calls(stream, { respond: this.respond, write: this.write, end: this.end }, () => this.forgetHeadersSent());
    if (stream.headersSent || stream.writableEnded) {
      this.late = true;
      this.mode = 'open';
      return;
    }
    anyStream.respond = (/** @type {unknown[]} */ ...args) => this.onRespond(args);
    anyStream.write = (/** @type {unknown[]} */ ...args) => this.onWrite(args);
    anyStream.end = (/** @type {unknown[]} */ ...args) => this.onEnd(args);
    for (const method of /** @type {const} */ (['respondWithFile', 'respondWithFD'])) {
      const original = anyStream[method];
      anyStream[method] = (/** @type {unknown[]} */ ...args) => {
        if (this.mode === 'waiting') this.begin();
        if (this.mode !== 'gated') return original.apply(stream, args);
        // A file goes out from its descriptor, below anything the agent could split.
        this.bodiless = true;
        this.held.push({ op: 'file', method, args });
        this.showHeadersSent({});
      };
    }
  }

  /** @returns {Effect} */
  effect() {
    if (this.late) return 'no-effect';
    if (!this.trickle) return 'applied';
    if (this.bodiless || this.trickle.chunks === 0) return 'no-effect';
    return this.held.seen > 0 ? 'applied' : 'no-effect';
  }

  /** @param {unknown[]} args */
  onRespond(args) {
    if (this.mode === 'waiting') this.begin();
    if (this.mode !== 'gated') return this.respond.apply(this.stream, args);
    const stream = this.stream;
    // What respond() itself checks first (lib/internal/http2/core.js), so that the handler still gets
    // its error where it made the mistake.
    if (stream.destroyed || stream.closed) return this.respond.apply(stream, args);
    if (stream.headersSent) return this.respond.apply(stream, args);
    const head = { ...(/** @type {http2.OutgoingHttpHeaders | undefined} */ (args[0]) ?? {}) };
    const options = /** @type {{ endStream?: boolean } | undefined} */ (args[1]);
    const status = Number(head[':status'] ?? 200);
    const headRequest = /** @type {{ headRequest?: boolean }} an accessor @types/node leaves out */ (stream).headRequest;
    if (options?.endStream || headRequest || status === HTTP_STATUS_NO_CONTENT || status === HTTP_STATUS_RESET_CONTENT || status === HTTP_STATUS_NOT_MODIFIED) this.bodiless = true;
    if (this.trickle?.sse && head['content-type'] === undefined) head['content-type'] = 'text/event-stream';
    this.held.push({ op: 'respond', args: [head, ...args.slice(1)] });
    this.showHeadersSent(head);
  }

  /** @param {unknown[]} args write()'s arguments: (chunk, encoding?, cb?) */
  onWrite(args) {
    if (this.mode === 'waiting') this.begin();
    if (this.mode !== 'gated' || this.stream.writableEnded) return this.write.apply(this.stream, args);
    const { chunk, encoding, callback } = writeArguments(args);
    this.held.push({ op: 'write', bytes: bytesOf(chunk, encoding), callback });
    return true;
  }

  /** @param {unknown[]} args */
  onEnd(args) {
    if (this.mode === 'waiting') this.begin();
    if (this.mode !== 'gated' || this.stream.writableEnded) return this.end.apply(this.stream, args);
    if (this.endHeld()) return this.endAgain();
    const { chunk, encoding, callback } = endArguments(args);
    if (chunk !== undefined && chunk !== null) this.held.push({ op: 'write', bytes: bytesOf(chunk, encoding), callback: undefined });
    this.held.push({ op: 'end', callback });
    this.endThisTurn = true;
    setImmediate(() => {
      this.endThisTurn = false;
    });
    return this.stream;
  }

  /** The handler's end() is among the held calls. */
  endHeld() {
    return this.mode === 'gated' && this.held.hasEnd();
  }

  /**
   * The target ends the stream again while its end is held. In a later turn of the event loop it is
   * ending an answer it sees in flight before its natural end (a shutdown deadline that ends what is
   * left), as it would end a really slow one: the held answer goes out now, whole, and the stream ends
   * cleanly, sooner. In the same turn it is a handler that ends twice (some frameworks' error paths
   * do), and the hold goes on.
   */
  endAgain() {
    if (!this.endThisTurn) this.release();
    return this.stream;
  }

  /**
   * The compatibility layer's response for this stream: while the handler's end is held it reads as
   * unended (`writableEnded`, `finished`), as a slow handler's does, and an end() of the target's then
   * reaches the held stream (Http2ServerResponse#end returns at once on a response it has ended).
   * @param {http2.Http2ServerResponse} response
   */
  watchResponse(response) {
    if (this.late) return;
    const proto = Object.getPrototypeOf(response);
    for (const name of ['writableEnded', 'finished']) {
      const get = Object.getOwnPropertyDescriptor(proto, name)?.get;
      if (!get) continue;
      Object.defineProperty(response, name, { configurable: true, enumerable: false, get: () => !this.endHeld() && Boolean(get.call(response)) });
    }
    const end = response.end;
    /** @param {unknown[]} args */
    const endResponse = (...args) => (this.endHeld() ? this.endAgain() && response : end.apply(response, /** @type {any} */ (args)));
    Object.defineProperty(response, 'end', { configurable: true, enumerable: false, writable: true, value: endResponse });
  }

  /**
   * The HEADERS are the handler's from now on, as after a respond() that went out.
   * @param {http2.OutgoingHttpHeaders} head
   */
  showHeadersSent(head) {
    this.heldHead = head;
    Object.defineProperty(this.stream, 'headersSent', { configurable: true, enumerable: false, get: () => true });
    Object.defineProperty(this.stream, 'sentHeaders', { configurable: true, enumerable: false, get: () => this.heldHead });
  }

  /** The stream's own accessors again, before its real respond (which checks headersSent). */
  forgetHeadersSent() {
    delete (/** @type {any} */ (this.stream).headersSent);
    delete (/** @type {any} */ (this.stream).sentHeaders);
  }

  /** The handler's first answer: hold from now until the due time, and trickle from there. */
  begin() {
    beginInjection(this);
  }


  /**
   * Step `k` of a trickle, as for HTTP/1.1: the HEADERS alone at step 0, then at each step the body held
   * so far in proportion (k/chunks of it), never its last byte, which goes with the end at step `chunks`.
   * @param {number} k
   */
  tick(k) {
    if (this.mode !== 'gated') return;
    const { chunks, every } = /** @type {Trickle} */ (this.trickle);
    if (k === 0) {
      if (this.bodiless || chunks === 0 || (this.held.hasEnd() && this.held.seen === 0)) return this.release();
      if (this.held.startsWithHead()) this.held.releaseUpTo(0);
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
    // Open first, so that what the replay calls (respond's own end() for a bodiless answer) goes through.
    this.mode = 'open';
    this.held.releaseUpTo(Infinity);
  }
}
