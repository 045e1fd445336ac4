/**
 * Strategy: http-terminator (3.x), used as its README shows: `createHttpTerminator({ server })`, and
 * `await httpTerminator.terminate()` instead of `server.close()`.
 *
 * What `terminate()` does (dist/src/factories/createInternalHttpTerminator.js): from then on every new
 * response gets `connection: close`; sockets with no response in progress are destroyed at once;
 * sockets with one get `connection: close` on it; then it polls every 10 ms until they are all gone,
 * for at most `gracefulTerminationTimeout` — 1000 ms in the code, although the README documents a
 * default of 5000 ms — destroys what is left, and only then calls `server.close()`. Meanwhile a
 * `connection` listener destroys every new connection. Expected to break:
 * - no-accept-then-drop: the listener stays open for the whole drain, and connections accepted during
 *   it are destroyed before they are answered — the outcome a balancer cannot retry;
 * - in-flight-complete: a request that needs longer than the 1 s timeout is cut, although it would
 *   have finished well within the grace period;
 * - websocket-going-away: an upgraded socket has no response in progress, so it is destroyed at once
 *   and the WebSocket ends with no close frame (1006);
 * - deadline: `terminate()` resolves, but nothing exits the process, and a handler still working (the
 *   `/slow` timer of a request it cut) keeps it alive until the orchestrator's SIGKILL;
 * - readiness (kubernetes profile): no drain delay, and the readiness route always answers 200.
 * Streams shorter than the timeout end cleanly, idle and silent sockets are closed at once.
 *
 * Routes: `/` at once; `/slow?ms=N`; `/events?n=N&every=M` (chunked); `/readyz` (always 200); a
 * WebSocket echo on any path.
 */
import http from 'node:http';
import { createHttpTerminator } from 'http-terminator';
import { WebSocketServer } from 'ws';

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/readyz') {
    res.end('ready\n');
  } else if (url.pathname === '/slow') {
    setTimeout(() => res.end('slow\n'), Number(url.searchParams.get('ms') ?? 1000));
  } else if (url.pathname === '/events') {
    const n = Number(url.searchParams.get('n') ?? 5);
    const every = Number(url.searchParams.get('every') ?? 100);
    let sent = 0;
    const tick = () => {
      if (res.destroyed) return; // the client went away
      if (sent === n) return res.end();
      res.write(`event ${sent++}\n`);
      setTimeout(tick, every);
    };
    tick();
  } else {
    res.end('ok\n');
  }
});

new WebSocketServer({ server }).on('connection', (ws) => ws.on('message', (data) => ws.send(data)));

const httpTerminator = createHttpTerminator({ server });

process.on('SIGTERM', async () => {
  await httpTerminator.terminate();
});

server.listen(Number(process.env.PORT ?? 3000));
