/**
 * A target whose durations are settings, for measuring what time costs the harness: every request is
 * answered HANDLER_MS after it arrived (default 30 s), and on SIGTERM it drains — answers say
 * `Connection: close`, the listener closes, idle connections are closed — and exits 0 once the last
 * connection is gone, or when its own deadline, DEADLINE_MS after the signal (default 30 s), ends
 * whatever is left. The same file with 10 ms or 30 s settings does the same things in the same order,
 * so under the virtual clock the two should cost the same wall time.
 */
import http from 'node:http';

const HANDLER_MS = Number(process.env.HANDLER_MS ?? 30_000);
const DEADLINE_MS = Number(process.env.DEADLINE_MS ?? 30_000);

let draining = false;
const server = http.createServer((req, res) => {
  setTimeout(() => {
    if (draining) res.setHeader('Connection', 'close');
    res.end('done\n');
  }, HANDLER_MS);
});

process.on('SIGTERM', () => {
  draining = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  // unref'd: the drain, not the deadline, should decide when a server with nothing left exits
  setTimeout(() => process.exit(0), DEADLINE_MS).unref();
});

server.listen(Number(process.env.PORT ?? 3000));
