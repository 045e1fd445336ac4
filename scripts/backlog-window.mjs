#!/usr/bin/env node
// @ts-check
/**
 * How many connections made around SIGTERM a Node server resets from its listen backlog, by when it
 * closes its listener: in its SIGTERM handler, or after the event loop has polled the listener one or
 * three more times. Linux completes the handshake before accept() and resets what is still queued when
 * the listener closes; the question is which of those resets a server could have avoided.
 *
 *   node scripts/backlog-window.mjs [--trials 300]
 *
 * Each trial starts a fresh server (plain node:http, no agent, no harness), opens one connection at a
 * random moment from 1 ms before to 3 ms after sending SIGTERM, and sees it refused, answered, or reset
 * although the server never accepted it (a backlog reset). The server reports, on the machine's clock,
 * when its handler began and which peer ports it accepted; for each backlog reset the script prints how
 * long before the handler began the connect() call was made (negative: after). Outside `npm test`: its
 * figures depend on the machine and its load, which it prints.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { describeMachine } from '../bench/lib/machine.mjs';

/** The server, by mode: `polls` more poll phases of its event loop before it closes the listener. */
const SERVER = `
import http from 'node:http';
const polls = Number(process.argv[1]);
const now = () => performance.timeOrigin + performance.now();
const accepted = [];
const server = http.createServer((_req, res) => res.end('ok\\n'));
server.on('connection', (socket) => accepted.push(socket.remotePort));
server.listen(0, '127.0.0.1', () => process.stdout.write('port ' + server.address().port + '\\n'));
function close() {
  server.close(() => {
    process.stdout.write('accepted ' + JSON.stringify(accepted) + '\\n');
    process.exit(0);
  });
}
process.on('SIGTERM', () => {
  process.stdout.write('handler ' + now() + '\\n');
  if (polls === 0) return close();
  let left = polls;
  setImmediate(function wait() { if (left-- === 0) close(); else setImmediate(wait); });
});
`;

const MODES = [
  { name: 'close in the handler', polls: 0 },
  { name: 'close after 1 more poll', polls: 1 },
  { name: 'close after 3 more polls', polls: 3 },
];

/**
 * Keeps this process on the CPU for `ms`: a timer would wake it too late for sub-millisecond offsets.
 * @param {number} ms
 */
function spin(ms) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/**
 * @typedef {{ state: 'refused' | 'answered' | 'backlog-reset' | 'other'; beforeHandlerMs: number | null }} Trial
 */

/**
 * @param {number} polls
 * @returns {Promise<Trial>}
 */
function trial(polls) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', SERVER, String(polls)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let started = false;
    /** @type {{ at: number; port?: number; seen: string; reset: boolean }} */
    const conn = { at: 0, seen: '', reset: false };
    let refused = false;
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const port = /port (\d+)/.exec(out)?.[1];
      if (port && !started) {
        started = true;
        setTimeout(() => go(Number(port)), 20);
      }
    });
    /** @param {number} port */
    function go(port) {
      const offset = -1 + Math.random() * 4;
      const open = () => {
        conn.at = performance.timeOrigin + performance.now();
        const socket = net.connect(port, '127.0.0.1');
        socket.on('connect', () => {
          conn.port = socket.localPort;
          socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        });
        socket.on('data', (d) => (conn.seen += d));
        socket.on('error', (/** @type {NodeJS.ErrnoException} */ e) => {
          if (e.code === 'ECONNREFUSED') refused = true;
          if (e.code === 'ECONNRESET') conn.reset = true;
        });
      };
      if (offset < 0) {
        open();
        spin(-offset);
        child.kill('SIGTERM');
      } else {
        child.kill('SIGTERM');
        spin(offset);
        open();
      }
    }
    child.on('exit', () =>
      setTimeout(() => {
        const accepted = new Set(JSON.parse(/accepted (.*)/.exec(out)?.[1] ?? '[]'));
        const handler = Number(/handler (\S+)/.exec(out)?.[1]);
        if (refused) return resolve({ state: 'refused', beforeHandlerMs: null });
        if (conn.seen.startsWith('HTTP/1.1 200')) return resolve({ state: 'answered', beforeHandlerMs: null });
        if (conn.reset && !accepted.has(conn.port)) return resolve({ state: 'backlog-reset', beforeHandlerMs: handler - conn.at });
        resolve({ state: 'other', beforeHandlerMs: null });
      }, 50),
    );
  });
}

async function main() {
  const { values } = parseArgs({ options: { trials: { type: 'string', default: '300' } } });
  const trials = Number(values.trials);
  console.log(`${describeMachine()}\n${trials} trials per mode, one connection each, from 1 ms before to 3 ms after SIGTERM\n`);
  for (const mode of MODES) {
    /** @type {Trial[]} */
    const done = [];
    for (let i = 0; i < trials; i++) done.push(await trial(mode.polls));
    const count = (/** @type {Trial['state']} */ s) => done.filter((t) => t.state === s).length;
    const resets = done.filter((t) => t.state === 'backlog-reset').map((t) => t.beforeHandlerMs ?? 0);
    const before = resets.filter((ms) => ms > 0).length;
    const range = resets.length > 0 ? `, connect() ${Math.min(...resets).toFixed(2)} to ${Math.max(...resets).toFixed(2)} ms before the handler` : '';
    console.log(
      `${mode.name}: ${count('refused')} refused, ${count('answered')} answered, ${resets.length} backlog resets ` +
        `(${before} made before the handler began${range}), ${count('other')} other`,
    );
  }
}

await main();
