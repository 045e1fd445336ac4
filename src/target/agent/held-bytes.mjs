// @ts-check
/**
 * The bytes of a held response: its `_send` calls, kept as Node made them and let out later, in
 * order, through the original `_send`.
 */
import { Buffer } from 'node:buffer';

/**
 * Bytes a held response takes in before its writes answer `false`. Up to this, a handler piping a file
 * keeps reading while held (a static server's download is read whole), as it would into a fast socket;
 * beyond it, it waits for 'drain'. That comes once the bytes are let out: they fill the socket far past
 * its high-water mark, and the socket's own 'drain' reaches the response (socketOnDrain in
 * lib/_http_server.js).
 */
const HELD_BYTES_LIMIT = 64 * 1024 * 1024;

/**
 * One held `_send` call, as Node made it.
 * @typedef {{ data: string | Uint8Array; encoding: BufferEncoding | null | undefined; callback: unknown; byteLength: number | undefined; size: number }} Held
 */

/** @typedef {(data: string | Uint8Array, encoding: BufferEncoding | null | undefined, callback: unknown, byteLength?: number) => unknown} Send */

/** @param {string | Uint8Array} data @param {BufferEncoding | null | undefined} encoding */
function sizeOf(data, encoding) {
  return typeof data === 'string' ? Buffer.byteLength(data, encoding || 'utf8') : data.byteLength;
}

export class HeldBytes {
  /** @type {Held[]} */
  queue = [];
  /** bytes in `queue` */
  queued = 0;
  /** bytes of the message after its header that came through `_send` while held */
  seen = 0;
  /** of those, the bytes let out so far */
  released = 0;

  /**
   * @param {import('node:http').ServerResponse} response
   * @param {Send} send the response's original `_send`
   */
  constructor(response, send) {
    this.response = response;
    this.send = send;
  }

  /**
   * Keeps one `_send` call; answers what `_send` answers: whether the writer may go on.
   * @param {string | Uint8Array} data
   * @param {BufferEncoding | null | undefined} encoding
   * @param {unknown} callback
   * @param {number | undefined} byteLength
   */
  hold(data, encoding, callback, byteLength) {
    const size = sizeOf(data, encoding);
    this.queue.push({ data, encoding, callback, byteLength, size });
    this.queued += size;
    this.seen += size;
    return this.queued < HELD_BYTES_LIMIT;
  }

  /**
   * Lets the held bytes out up to `target` bytes after the header in all, cutting a held call in two
   * where the target falls inside it (its callback goes with the second part).
   * @param {number} target
   */
  releaseUpTo(target) {
    while (this.queue.length > 0 && !this.response.destroyed) {
      const first = /** @type {Held} */ (this.queue[0]);
      const room = target - this.released;
      if (first.size <= room) {
        this.queue.shift();
        this.send.call(this.response, first.data, first.encoding, first.callback, first.byteLength);
        this.released += first.size;
        this.queued -= first.size;
        continue;
      }
      if (room <= 0) break;
      const bytes =
        typeof first.data === 'string'
          ? Buffer.from(first.data, first.encoding || 'utf8')
          : Buffer.from(first.data.buffer, first.data.byteOffset, first.data.byteLength);
      this.send.call(this.response, bytes.subarray(0, room), null, null);
      first.data = bytes.subarray(room);
      first.encoding = null;
      first.byteLength = undefined;
      first.size -= room;
      this.released += room;
      this.queued -= room;
      break;
    }
  }

  /** Lets everything out; what a destroyed response could not take is dropped. */
  releaseAll() {
    this.releaseUpTo(Infinity);
    this.queue = [];
    this.queued = 0;
  }
}
