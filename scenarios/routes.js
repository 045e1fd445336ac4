/**
 * The routes most strategies serve, so that each strategy file shows only how it shuts down:
 * `/` at once; `/slow?ms=N` after N ms; `/events?n=N&every=M`, N chunks one every M ms; `/readyz`,
 * always 200 (these strategies have no readiness of their own); and a WebSocket echo on any path.
 */
import { WebSocketServer } from 'ws';

/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
export function routes(req, res) {
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
}

/** @param {import('node:http').Server} server */
export function echoWebSockets(server) {
  new WebSocketServer({ server }).on('connection', (ws) => ws.on('message', (data) => ws.send(data)));
}
