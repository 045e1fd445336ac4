/**
 * A target's output: its stdout and stderr read to their end, of which only a bounded tail is kept.
 */
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { OutputTail } from './output-tail.js';

const TAIL_LINES = 20;
/** A longer line keeps its start; the rest is counted, not kept. */
const TAIL_LINE_CHARS = 1000;
/**
 * How long a target's end waits for the rest of its output (real ms). The process may exit before its
 * last lines (an exception's stack, say) are read from the pipes; a child it left running may hold
 * them open for ever.
 */
const OUTPUT_GRACE_MS = 1000;

/** Resolves once every pipe of `child` is closed and read to its end, or after OUTPUT_GRACE_MS. */
export function outputRead(child: ChildProcess): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    const exited = child.exitCode !== null || child.signalCode !== null;
    if (exited && child.stdout?.readableEnded !== false && child.stderr?.readableEnded !== false) resolve();
    child.once('close', () => resolve());
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, OUTPUT_GRACE_MS);
  });
  return Promise.race([closed, late]).finally(() => clearTimeout(timer));
}

/**
 * Always reads the stream, so that a target that floods its output never blocks on a full pipe, and
 * keeps only a bounded tail of it, so that the flood costs the harness no memory: a line that never
 * ends must not grow one string without bound (as `readline` would, until the heap runs out).
 * `onLine` sees each line as kept (a long one cut short).
 */
export function keepTail(stream: NodeJS.ReadableStream | null, onLine?: (line: string) => void): string[] {
  const tail = new OutputTail(TAIL_LINES, TAIL_LINE_CHARS, onLine);
  if (stream) {
    stream.setEncoding('utf8');
    stream.on('data', (text: string) => tail.write(text));
    stream.on('end', () => tail.end());
    // The target's children inherit this pipe, and one that escaped every kill would hold it open:
    // reading it must never keep the harness alive.
    (stream as Socket).unref();
  }
  return tail.lines;
}
