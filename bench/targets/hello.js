/**
 * A trivial target for measurements: answers every request at once with a few bytes and echoes
 * WebSocket messages, and keeps idle connections open for a minute. On SIGTERM it shuts down as a well-behaved server does, so that a run ends soon
 * after the signal: answers say `Connection: close`, the listener closes, idle connections are
 * closed, and every WebSocket gets 1001.
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';

let draining = false;
const server = http.createServer((req, res) => {
  if (draining) res.setHeader('Connection', 'close');
  res.end('ok\n');
});
// Node closes a keep-alive connection idle for 5 s; a load of 10,000 connections takes turns slower
// than that, and is meant to hold them.
server.keepAliveTimeout = 60_000;
const sockets = new WebSocketServer({ server });
sockets.on('connection', (ws) => ws.on('message', (data) => ws.send(data)));

process.on('SIGTERM', () => {
  draining = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  for (const ws of sockets.clients) ws.close(1001, 'server shutting down');
});

server.listen(Number(process.env.PORT ?? 3000));
