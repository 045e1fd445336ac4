import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Client, ClientContext, Routes } from '../../src/clients/client.js';
import { createClient } from '../../src/clients/create.js';
import { testCertificate } from '../../scenarios/lib/test-certificate.js';
import type { ClientEvent } from '../../src/history/events.js';
import { clientOpTimes } from '../../src/scenario/timeline.js';
import type { ClientSpec } from '../../src/scenario/types.js';

/** A client outside the executor, recording into a plain array: for testing clients on their own. */
export function standaloneClient(spec: ClientSpec, port: number, routes: Partial<Routes> = {}, extra: Pick<ClientContext, 'tls'> = {}) {
  const events: ClientEvent[] = [];
  const ctx: ClientContext = {
    host: '127.0.0.1',
    port,
    routes: { fast: '/', ...routes },
    ...extra,
    record: (event) => events.push(event),
    bindSocket: () => undefined,
  };
  const client = createClient(spec, ctx);
  return { client, events };
}

export async function waitFor(condition: () => boolean, what: string, withinMs = 5000): Promise<void> {
  const end = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Carries out every action of the client in order, each once the previous one has settled. */
export async function actAll(spec: ClientSpec, client: Client): Promise<void> {
  const ops = clientOpTimes(spec).length;
  for (let op = 0; op < ops; op++) {
    client.act(op);
    await waitFor(() => client.acted(), `client ${spec.id} to act (${op})`);
    await waitFor(() => client.inFlight() === 0, `client ${spec.id} to get its answers (${op})`);
  }
}

export async function listen(server: net.Server | http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** An HTTP server answering `ok` (or streaming on /events), with a WebSocket echo at /ws. */
export async function trivialHttpServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/events')) {
      res.write('a\n');
      setTimeout(() => res.end('b\n'), 5);
    } else res.end('ok\n');
  });
  const wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (ws) => ws.on('message', (data) => ws.send(data)));
  const port = await listen(server);
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A raw TCP server whose behaviour on each connection the test writes. */
export async function rawServer(onConnection: (socket: net.Socket) => void) {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  return listening(server);
}

/** Listens on a free port; its close destroys every connection it still has, then closes the listener. */
async function listening(server: net.Server): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A trivial server of one protocol answering `ok` (or two chunks on /events): HTTPS/1.1, HTTP/2 in
 * clear text, or HTTP/2 over TLS.
 */
export async function trivialServer(kind: 'https' | 'h2c' | 'h2'): Promise<{ port: number; close: () => Promise<void> }> {
  // Both APIs' requests and responses, as far as this handler uses them.
  const handler = (req: { url?: string }, res: { write(chunk: string): unknown; end(chunk: string): unknown }): void => {
    if (req.url?.startsWith('/events')) {
      res.write('a\n');
      setTimeout(() => res.end('b\n'), 5);
    } else res.end('ok\n');
  };
  const server =
    kind === 'https' ? https.createServer(testCertificate(), handler) : kind === 'h2' ? http2.createSecureServer(testCertificate(), handler) : http2.createServer(handler);
  return listening(server);
}
