// @ts-check
/**
 * The calls a held HTTP/2 stream's handler made (respond, write, end, a file), kept in order and let
 * out later through the stream's original methods: the HTTP/2 counterpart of held-bytes.mjs.
 */
import { Buffer } from 'node:buffer';

/** @typedef {(error?: Error | null) => void} Callback */

/**
 * One held call, in the order the handler made it. A write keeps its bytes as a Buffer, so that a
 * trickle can let part of it out.
 * @typedef {{ op: 'respond'; args: unknown[] } | { op: 'write'; bytes: Buffer; callback: Callback | undefined } | { op: 'end'; callback: Callback | undefined } | { op: 'file'; method: 'respondWithFile' | 'respondWithFD'; args: unknown[] }} Held
 */

/**
 * The stream's own methods, from before the agent wrapped them.
 * @typedef {object} Originals
 * @property {(...args: unknown[]) => unknown} respond
 * @property {(...args: unknown[]) => unknown} write
 * @property {(...args: unknown[]) => unknown} end
 */

/** @param {unknown[]} args end()'s arguments: (), (cb), (chunk), (chunk, cb), (chunk, encoding, cb) */
export function endArguments(args) {
  const [first, second, third] = args;
  if (typeof first === 'function') return { chunk: undefined, encoding: undefined, callback: /** @type {Callback} */ (first) };
  if (typeof second === 'function') return { chunk: first, encoding: undefined, callback: /** @type {Callback} */ (second) };
  return { chunk: first, encoding: /** @type {BufferEncoding | undefined} */ (second), callback: /** @type {Callback | undefined} */ (typeof third === 'function' ? third : undefined) };
}

/** @param {unknown[]} args write()'s arguments: (chunk), (chunk, cb), (chunk, encoding, cb) */
export function writeArguments(args) {
  const [chunk, second, third] = args;
  const encoding = /** @type {BufferEncoding | undefined} */ (typeof second === 'string' ? second : undefined);
  const callback = /** @type {Callback | undefined} */ (typeof second === 'function' ? second : typeof third === 'function' ? third : undefined);
  return { chunk, encoding, callback };
}

/** @param {unknown} chunk @param {BufferEncoding | undefined} encoding */
export function bytesOf(chunk, encoding) {
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding || 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk));
}

export class HeldH2Calls {
  /** @type {Held[]} */
  queue = [];
  /** body bytes held so far */
  seen = 0;
  /** of those, the bytes let out so far */
  released = 0;

  /**
   * @param {import('node:http2').ServerHttp2Stream} stream
   * @param {Originals} originals
   * @param {() => void} beforeHead called before the held HEADERS (or file) go out for real
   */
  constructor(stream, originals, beforeHead) {
    this.stream = stream;
    this.originals = originals;
    this.beforeHead = beforeHead;
  }

  /** @param {Held} held */
  push(held) {
    if (held.op === 'write') this.seen += held.bytes.byteLength;
    this.queue.push(held);
  }

  hasEnd() {
    return this.queue.some((held) => held.op === 'end');
  }

  startsWithHead() {
    return this.queue[0]?.op === 'respond';
  }

  /**
   * Lets out, in order, the held calls up to `upTo` body bytes in all, splitting a write at the limit;
   * an end() only with everything (`upTo` Infinity).
   * @param {number} upTo
   */
  releaseUpTo(upTo) {
    const { stream, originals } = this;
    while (this.queue.length > 0) {
      const held = /** @type {Held} */ (this.queue[0]);
      if (stream.destroyed || stream.closed) return this.drop();
      if (held.op === 'write') {
        const room = upTo - this.released;
        if (room <= 0) return;
        if (held.bytes.byteLength > room) {
          this.released += room;
          this.replay(() => originals.write.call(stream, held.bytes.subarray(0, room)));
          held.bytes = held.bytes.subarray(room);
          return;
        }
        this.released += held.bytes.byteLength;
      } else if (held.op === 'end' && upTo !== Infinity) {
        return;
      }
      this.queue.shift();
      this.replay(() => this.replayOne(held));
    }
  }

  /** @param {Held} held */
  replayOne(held) {
    const { stream, originals } = this;
    switch (held.op) {
      case 'respond':
        this.beforeHead();
        return originals.respond.apply(stream, held.args);
      case 'file':
        this.beforeHead();
        return /** @type {any} the stream's own method, open by now */ (stream)[held.method](...held.args);
      case 'write':
        return originals.write.call(stream, held.bytes, held.callback);
      case 'end':
        return originals.end.call(stream, held.callback);
    }
  }

  /**
   * A held call that throws (headers Node refuses) fails where the handler would have seen it fail:
   * on its stream, which is destroyed with the error, not in the agent's timer.
   * @param {() => unknown} call
   */
  replay(call) {
    try {
      call();
    } catch (error) {
      this.stream.destroy(/** @type {Error} */ (error));
    }
  }

  /** The stream was cut while held: nothing held can go out; the callbacks hear so, as Node's do. */
  drop() {
    this.beforeHead();
    for (const held of this.queue.splice(0)) {
      if ((held.op === 'write' || held.op === 'end') && held.callback) process.nextTick(held.callback, new Error('the stream was closed before its held answer went out'));
    }
  }
}
