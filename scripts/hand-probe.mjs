#!/usr/bin/env node
// @ts-check
/**
 * The hand probe: ground truth for a server's shutdown, taken with raw sockets on the real clock and
 * nothing of shutdown-check's own code, so that what it prints can judge the tool's verdicts.
 *
 *   node scripts/hand-probe.mjs --target <file.js> [options]
 *   node scripts/hand-probe.mjs --cmd "<command>" [options]     (the command reads its port from $PORT)
 *
 *   --fast <path>        an ordinary request (default /)
 *   --slow <path>        a request that outlasts the server's own deadline (default /slow?ms=15000)
 *   --stream <path>      a long streaming response (default /stream?n=30&every=500)
 *   --busy <path>        the request in flight at the signal on a keep-alive connection, which then asks
 *                        for --fast again on the same connection (default /slow?ms=2000)
 *   --ws <path>          also open a WebSocket there and record its close frame
 *   --slow-read          read the slow and stream responses only from the signal on: a big download
 *                        held in flight
 *   --reuse-at <ms>      when the reused idle connections send their second request (default 0: at the signal)
 *   --reuses <n>         how many such connections (default 5: the race is won or lost per connection)
 *   --signal-at <ms>     how long after every socket is set up the signal goes (default 1000)
 *   --late <ms,...>      connection attempts at these offsets after the signal (default 50,1000,3000,6000,12000)
 *   --grace <ms>         SIGKILL to the process group this long after the signal (default 30000)
 *   --signal <name>      default SIGTERM
 *   --second-signal <name>@<ms>
 *                        also send this signal this long after the first (SIGTERM@10: a supervisor
 *                        that forwards the signal to a process its group also reaches)
 *   --json               print the observations as JSON instead of text
 *   --help               print this text
 *
 * Every time printed is in ms relative to the signal (negative: before it). Per socket it prints what
 * came back — status, Connection header, body bytes and whether the body was complete, FIN or RST,
 * the WebSocket close code — and at the end how and when the process exited.
 *
 * Sockets, each a plain `node:net` connection:
 * - slow: one request (`Connection: close`) on --slow, in flight at the signal;
 * - stream: one request on --stream, mid-body at the signal;
 * - idle: a keep-alive connection whose one request was answered before the signal;
 * - reuse-N: as idle, and each sends a second request at --reuse-at after the signal (the keep-alive race);
 * - silent: connected, never sends a byte (a balancer's pre-opened connection);
 * - busy: a keep-alive connection with --busy in flight at the signal, then --fast on the same socket;
 * - ws: a WebSocket on --ws, open at the signal;
 * - late+N: a new connection N ms after the signal, one request on --fast (tried at once after the
 *   process exited, when N falls later).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    target: { type: 'string' },
    cmd: { type: 'string' },
    fast: { type: 'string', default: '/' },
    slow: { type: 'string', default: '/slow?ms=15000' },
    stream: { type: 'string', default: '/stream?n=30&every=500' },
    busy: { type: 'string', default: '/slow?ms=2000' },
    ws: { type: 'string' },
    'slow-read': { type: 'boolean', default: false },
    'reuse-at': { type: 'string', default: '0' },
    reuses: { type: 'string', default: '5' },
    'signal-at': { type: 'string', default: '1000' },
    late: { type: 'string', default: '50,1000,3000,6000,12000' },
    grace: { type: 'string', default: '30000' },
    signal: { type: 'string', default: 'SIGTERM' },
    'second-signal': { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  // The usage is the header comment of this file, printed as it is written there.
  const source = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  const header = source.slice(source.indexOf('/**') + 3, source.indexOf('*/'));
  console.log(header.split('\n').map((line) => line.replace(/^ \* ?/, '')).join('\n').trim());
  process.exit(0);
}

if ((args.target === undefined) === (args.cmd === undefined)) {
  console.error('hand-probe: give exactly one of --target <file.js> or --cmd "<command>"');
  process.exit(2);
}

const signalName = /** @type {NodeJS.Signals} */ (args.signal);
const second = args['second-signal'] === undefined ? null : /^([A-Z0-9]+)@(\d+)$/.exec(args['second-signal']);
if (args['second-signal'] !== undefined && second === null) {
  console.error('hand-probe: --second-signal takes <name>@<ms>, e.g. SIGTERM@10');
  process.exit(2);
}
const graceMs = Number(args.grace);
const signalAfterSetupMs = Number(args['signal-at']);
const reuseAtMs = Number(args['reuse-at']);
const lateOffsets = args.late.split(',').filter(Boolean).map(Number);

/** Real monotonic ms; made relative to the signal when printed. */
const now = () => performance.now();
/** @type {number | null} */
let signalAt = null;
const rel = (/** @type {number} */ t) => Math.round(t - (signalAt ?? t));

/**
 * @typedef {{ at: number; what: string }} Note
 * @typedef {{ name: string; notes: Note[]; ended: null | 'FIN' | 'RST' | 'refused' | 'error'; endedAt: number | null }} Probe
 */

/** @type {Probe[]} */
const probes = [];

/** @param {string} name @returns {Probe} */
function probe(name) {
  const p = { name, notes: [], ended: null, endedAt: null };
  probes.push(p);
  return p;
}

/** @param {Probe} p @param {string} what */
function note(p, what) {
  p.notes.push({ at: now(), what });
}

/** A free loopback port: listen on 0, read it, close. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const port = /** @type {number} */ (await freePort());

// Its own process group, so that the SIGKILL at the grace end takes every process it started.
const child = args.target
  ? spawn(process.execPath, [args.target], { env: { ...process.env, PORT: String(port) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  : spawn('/bin/sh', ['-c', /** @type {string} */ (args.cmd)], { env: { ...process.env, PORT: String(port) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
/** @type {string[]} */
const output = [];
for (const stream of [child.stdout, child.stderr]) {
  stream.setEncoding('utf8');
  stream.on('data', (/** @type {string} */ text) => {
    for (const line of text.split('\n')) if (line.trim()) output.push(`${signalAt === null ? 'before' : rel(now())} ${line}`);
    output.splice(0, Math.max(0, output.length - 30));
  });
}
/** @type {{ at: number; code: number | null; signal: string | null } | null} */
let exited = null;
const exitedPromise = new Promise((resolve) => {
  child.on('exit', (code, signal) => {
    exited = { at: now(), code, signal };
    resolve(undefined);
  });
});
/** @type {number | null} */
let killedAt = null;

const killGroup = () => {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
};
process.on('exit', killGroup);

/** Resolves once a connection to the port is accepted (the server listens), within 60 s. */
async function waitForListener() {
  const deadline = now() + 60_000;
  while (now() < deadline) {
    if (exited) throw new Error(`the server exited before listening (${JSON.stringify(exited)}):\n${output.join('\n')}`);
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`the server did not listen on ${port} within 60 s`);
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * An incremental reader of HTTP/1.1 responses on one socket: heads, bodies by Content-Length or
 * chunked framing (RFC 9112 §6-7), or until EOF when neither is given. Keeps counts, not bodies.
 */
class ResponseReader {
  /** @param {Probe} p @param {(response: { status: number; connectionClose: boolean }) => void} [onComplete] */
  constructor(p, onComplete) {
    this.p = p;
    this.onComplete = onComplete;
    /** @type {Buffer} */
    this.buffer = Buffer.alloc(0);
    /** @type {'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailer' | 'eof' | 'upgraded'} */
    this.state = 'head';
    this.remaining = 0;
    this.bodyBytes = 0;
    this.chunks = 0;
    this.status = 0;
    this.connectionClose = false;
    /** @type {number | null} */
    this.expected = null;
    this.inBody = false;
  }

  /** @param {Buffer} data */
  push(data) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    for (;;) {
      if (this.state === 'head') {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = this.buffer.subarray(0, end).toString('latin1');
        this.buffer = this.buffer.subarray(end + 4);
        const [statusLine = '', ...lines] = head.split('\r\n');
        this.status = Number(statusLine.split(' ')[1]);
        /** @type {Record<string, string>} */
        const headers = {};
        for (const line of lines) {
          const i = line.indexOf(':');
          headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        this.connectionClose = /\bclose\b/i.test(headers.connection ?? '');
        this.bodyBytes = 0;
        this.chunks = 0;
        this.inBody = true;
        const length = headers['content-length'];
        note(this.p, `status ${this.status}, Connection: ${headers.connection ?? '(none)'}, ${length !== undefined ? `Content-Length ${length}` : headers['transfer-encoding'] ?? 'no length'}`);
        if (this.status === 101) {
          this.state = 'upgraded';
          this.inBody = false;
          return;
        }
        if (/chunked/i.test(headers['transfer-encoding'] ?? '')) this.state = 'chunk-size';
        else if (length !== undefined) {
          this.expected = Number(length);
          this.remaining = Number(length);
          this.state = 'length';
          if (this.remaining === 0) this.complete();
        } else this.state = 'eof';
      } else if (this.state === 'length') {
        if (!this.buffer.length) return;
        const take = Math.min(this.remaining, this.buffer.length);
        this.bodyBytes += take;
        this.remaining -= take;
        this.buffer = this.buffer.subarray(take);
        if (this.remaining === 0) this.complete();
      } else if (this.state === 'chunk-size') {
        const end = this.buffer.indexOf('\r\n');
        if (end < 0) return;
        const size = parseInt(this.buffer.subarray(0, end).toString('latin1'), 16);
        this.buffer = this.buffer.subarray(end + 2);
        if (size === 0) this.state = 'trailer';
        else {
          this.chunks++;
          this.remaining = size;
          this.state = 'chunk-data';
        }
      } else if (this.state === 'chunk-data') {
        if (!this.buffer.length) return;
        const take = Math.min(this.remaining, this.buffer.length);
        this.bodyBytes += take;
        this.remaining -= take;
        this.buffer = this.buffer.subarray(take);
        if (this.remaining === 0) this.state = 'chunk-crlf';
      } else if (this.state === 'chunk-crlf') {
        if (this.buffer.length < 2) return;
        this.buffer = this.buffer.subarray(2);
        this.state = 'chunk-size';
      } else if (this.state === 'trailer') {
        const end = this.buffer.indexOf('\r\n');
        if (end < 0) return;
        this.buffer = this.buffer.subarray(end + 2);
        if (end === 0) this.complete();
      } else if (this.state === 'eof') {
        this.bodyBytes += this.buffer.length;
        this.buffer = Buffer.alloc(0);
        return;
      } else return;
    }
  }

  complete() {
    const framing = this.state === 'length' ? `${this.bodyBytes} of ${this.expected} bytes` : `${this.chunks} chunks, final chunk received`;
    note(this.p, `response complete: ${framing}`);
    this.inBody = false;
    this.state = 'head';
    this.onComplete?.({ status: this.status, connectionClose: this.connectionClose });
  }

  /** What the end of the connection left of the response being read, if any. */
  cut() {
    if (!this.inBody) return null;
    if (this.state === 'eof') return `body read to EOF: ${this.bodyBytes} bytes (no length given)`;
    const got = this.state === 'length' ? `${this.bodyBytes} of ${this.expected} bytes` : `${this.bodyBytes} bytes in ${this.chunks} chunks, no final chunk`;
    return `response cut mid-body: ${got}`;
  }
}

/**
 * One HTTP connection. Records connect, every response, and how it ended: FIN ('end') or RST
 * (ECONNRESET), or a refused connection.
 * @param {Probe} p
 * @param {{ onResponse?: (response: { status: number; connectionClose: boolean }) => void; paused?: boolean }} [options]
 */
function connect(p, options = {}) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  const reader = new ResponseReader(p, options.onResponse);
  let connected = false;
  const ready = new Promise((resolve) => {
    socket.once('connect', () => {
      connected = true;
      note(p, 'connected');
      if (options.paused) socket.pause();
      resolve(undefined);
    });
    socket.once('error', () => resolve(undefined));
  });
  socket.on('data', (data) => reader.push(data));
  const finish = (/** @type {'FIN' | 'RST' | 'refused' | 'error'} */ how, /** @type {string} */ detail) => {
    if (p.ended) return;
    const cut = reader.cut();
    if (cut) note(p, cut);
    p.ended = how;
    p.endedAt = now();
    note(p, detail);
  };
  socket.on('end', () => {
    finish('FIN', 'FIN from the server');
    socket.end();
  });
  socket.on('error', (/** @type {NodeJS.ErrnoException} */ error) => {
    if (error.code === 'ECONNREFUSED') finish('refused', 'connection refused');
    else if (error.code === 'ECONNRESET') finish('RST', 'RST (ECONNRESET)');
    else if (error.code === 'EPIPE') finish('RST', 'EPIPE writing: the server had closed');
    else finish('error', `${error.code ?? error.message}`);
  });
  socket.on('close', () => {
    if (!p.ended && connected) finish('FIN', 'closed');
  });
  return { socket, ready, reader };
}

/** @param {string} path @param {boolean} keepAlive @param {Record<string, string>} [extra] */
function request(path, keepAlive, extra = {}) {
  const headers = { Host: `127.0.0.1:${port}`, Connection: keepAlive ? 'keep-alive' : 'close', ...extra };
  return `GET ${path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
}

/** @param {net.Socket} socket @param {Probe} p @param {string} text */
function send(socket, p, text) {
  if (socket.destroyed || socket.writableEnded) {
    note(p, `not sent (the socket was already closed): ${text.split('\r\n')[0]}`);
    return;
  }
  note(p, `sent ${text.split('\r\n')[0]}`);
  socket.write(text);
}

/**
 * A WebSocket (RFC 6455) over a raw socket: the opening handshake, then every frame the server sends;
 * a close frame's code is recorded and answered, as a client must (§5.5.1).
 * @param {Probe} p @param {string} path
 */
async function websocket(p, path) {
  const { socket, ready, reader } = connect(p);
  await ready;
  const key = randomBytes(16).toString('base64');
  send(socket, p, request(path, true, { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': key, 'Sec-WebSocket-Version': '13' }));
  /** @type {Buffer} */
  let frames = Buffer.alloc(0);
  // A function, so that the type-checker does not narrow the state across reader.push().
  const upgraded = () => reader.state === 'upgraded';
  socket.removeAllListeners('data');
  socket.on('data', (/** @type {Buffer} */ data) => {
    /** @type {Buffer} */
    let fresh = data;
    if (!upgraded()) {
      reader.push(data);
      if (!upgraded()) return;
      note(p, 'WebSocket open');
      fresh = reader.buffer;
    }
    frames = Buffer.concat([frames, fresh]);
    while (frames.length >= 2) {
      const opcode = /** @type {number} */ (frames[0]) & 0x0f;
      let length = /** @type {number} */ (frames[1]) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (frames.length < 4) return;
        length = frames.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (frames.length < 10) return;
        length = Number(frames.readBigUInt64BE(2));
        offset = 10;
      }
      if (frames.length < offset + length) return;
      const payload = frames.subarray(offset, offset + length);
      frames = frames.subarray(offset + length);
      if (opcode === 0x8) {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : null;
        note(p, `close frame ${code ?? '(no code)'}${payload.length > 2 ? ` "${payload.subarray(2).toString()}"` : ''}`);
        // The client's close frame: masked, echoing the code.
        const mask = randomBytes(4);
        const body = payload.subarray(0, 2);
        const masked = Buffer.from(body.map((b, i) => b ^ /** @type {number} */ (mask[i % 4])));
        if (!socket.destroyed) socket.write(Buffer.concat([Buffer.from([0x88, 0x80 | body.length]), mask, masked]));
      } else {
        note(p, `frame opcode ${opcode}, ${length} bytes`);
      }
    }
  });
  await waitFor(() => reader.state === 'upgraded' || p.ended !== null, 5000);
}

/** @param {() => boolean} condition @param {number} withinMs */
async function waitFor(condition, withinMs) {
  const end = now() + withinMs;
  while (!condition() && now() < end) await sleep(5);
}

await waitForListener();
const setupStart = now();

// Idle and reuse: one request answered, then idle.
const idle = probe('idle');
const reuses = Array.from({ length: Number(args.reuses) }, (_, i) => probe(`reuse-${i + 1}`));
/** @type {{ p: Probe; socket: net.Socket }[]} */
const keepers = [];
for (const p of [idle, ...reuses]) {
  let answered = false;
  const c = connect(p, { onResponse: () => (answered = true) });
  await c.ready;
  send(c.socket, p, request(args.fast, true));
  await waitFor(() => answered || p.ended !== null, 5000);
  keepers.push({ p, socket: c.socket });
}

const silent = probe('silent');
await connect(silent).ready;

if (args.ws) await websocket(probe('ws'), args.ws);

const slow = probe('slow');
const slowConnection = connect(slow, { paused: args['slow-read'] });
await slowConnection.ready;
send(slowConnection.socket, slow, request(args.slow, false));

const stream = probe('stream');
const streamConnection = connect(stream, { paused: args['slow-read'] });
await streamConnection.ready;
send(streamConnection.socket, stream, request(args.stream, false));

const busy = probe('busy');
let busyAnswered = 0;
const busyConnection = connect(busy, {
  onResponse: (response) => {
    busyAnswered++;
    if (busyAnswered !== 1) return;
    // A client must not reuse a connection after `Connection: close` (RFC 9112 §9.6).
    if (response.connectionClose) note(busy, 'second request not sent: the response said Connection: close');
    // The second request on the connection that was busy at the signal, once its first is answered.
    else send(busyConnection.socket, busy, request(args.fast, true));
  },
});
await busyConnection.ready;
send(busyConnection.socket, busy, request(args.busy, true));

await sleep(signalAfterSetupMs);
signalAt = now();
note(probe('signal'), `${signalName} sent (setup took ${Math.round(signalAt - setupStart)} ms)`);
if (child.pid !== undefined) process.kill(child.pid, signalName);
if (second) {
  const [, name, ms] = second;
  setTimeout(() => {
    note(probe('signal'), `${name} sent, the second signal`);
    if (child.pid !== undefined && exited === null) process.kill(child.pid, /** @type {NodeJS.Signals} */ (name));
  }, Number(ms));
}
if (args['slow-read']) {
  slowConnection.socket.resume();
  streamConnection.socket.resume();
}

setTimeout(() => {
  for (const { p, socket } of keepers.slice(1)) send(socket, p, request(args.fast, true));
}, reuseAtMs);

/** @param {number} offset */
function late(offset) {
  const p = probe(`late+${offset}`);
  if (exited) note(p, 'tried after the process exited');
  const c = connect(p);
  void c.ready.then(() => {
    if (!p.ended) send(c.socket, p, request(args.fast, false));
  });
}
/** @type {Map<number, NodeJS.Timeout>} */
const lateTimers = new Map(lateOffsets.map((offset) => [offset, setTimeout(() => {
  lateTimers.delete(offset);
  late(offset);
}, offset)]));

const grace = setTimeout(() => {
  killedAt = now();
  killGroup();
}, graceMs);
await exitedPromise;
clearTimeout(grace);
// Attempts due after the exit go at once: what a client meets then is part of the answer too.
for (const [offset, timer] of lateTimers) {
  clearTimeout(timer);
  late(offset);
}
// What was in flight meets the kernel's FIN or RST a moment after the exit.
await sleep(300);

const exit = /** @type {{ at: number; code: number | null; signal: string | null }} */ (/** @type {unknown} */ (exited));
const summary = {
  target: args.target ?? args.cmd,
  signal: signalName,
  graceMs,
  exit: { at: rel(exit.at), code: exit.code, signal: exit.signal, sigkilledByProbe: killedAt !== null },
  sockets: probes.map((p) => ({
    name: p.name,
    ended: p.ended ? `${p.ended} at ${rel(/** @type {number} */ (p.endedAt))}` : 'still open at exit',
    notes: p.notes.map((n) => `${rel(n.at)} ${n.what}`),
  })),
  output,
};

if (args.json) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  console.log(`target ${summary.target}; ${signalName} at 0 ms; grace ${graceMs} ms`);
  for (const s of summary.sockets) {
    console.log(`\n${s.name}: ${s.ended}`);
    for (const n of s.notes) console.log(`  ${n}`);
  }
  const how = exit.signal ? `killed by ${exit.signal}${killedAt !== null ? ' (the probe\'s SIGKILL at the grace end)' : ''}` : `exit code ${exit.code}`;
  console.log(`\nprocess: ${how} at ${summary.exit.at} ms`);
  if (output.length) console.log(`\nlast output (ms since the signal):\n  ${output.join('\n  ')}`);
}
process.exit(0);
