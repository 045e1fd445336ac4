/**
 * A trivial target for measurements: answers every request at once with a few bytes, echoes
 * WebSocket messages, and on SIGTERM stops listening, ends idle connections and sends every
 * WebSocket 1001, so that a run measures the harness, not the target.
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';

const server = http.createServer((req, res) => res.end('ok\n'));
const sockets = new WebSocketServer({ server });
sockets.on('connection', (ws) => ws.on('message', (data) => ws.send(data)));

process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  for (const ws of sockets.clients) ws.close(1001, 'server shutting down');
});

server.listen(Number(process.env.PORT ?? 3000));
