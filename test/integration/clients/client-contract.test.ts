import http from 'node:http';
import net from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KIND_DEFINITIONS } from '../../../src/scenario/client-kinds/registry.js';
import type { ClientSpec } from '../../../src/scenario/types.js';
import { actAll, listen, rawServer, standaloneClient, trivialHttpServer, trivialServer, waitFor } from '../../support/client-harness.js';

/**
 * The contract every client kind keeps, against a trivial server: it records each connection attempt
 * before the connection, every request it sends gets exactly one outcome, it ends with no request in flight
 * and no connection open once closed, and it records how its connections ended. Every kind of the
 * registry is tested, with the example spec its definition gives.
 */
type ContractTarget = 'http' | 'echo' | 'https' | 'h2c' | 'h2';

/** The servers a kind is tested against: what it speaks (an h2 client against both HTTP/2 servers). */
function targetsOf(definition: (typeof CLIENT_KIND_DEFINITIONS)[keyof typeof CLIENT_KIND_DEFINITIONS]): ContractTarget[] {
  if (!definition.targets.includes('http')) return ['echo'];
  if (definition.speaks === 'https') return ['https'];
  if (definition.speaks === 'h2') return ['h2c', 'h2'];
  return ['http'];
}

const kinds = Object.values(CLIENT_KIND_DEFINITIONS).flatMap((definition) =>
  targetsOf(definition).map((target) => ({ kind: definition.kind, spec: definition.example as ClientSpec, target })),
);

let httpServer: Awaited<ReturnType<typeof trivialHttpServer>>;
let echo: Awaited<ReturnType<typeof rawServer>>;
const others: Partial<Record<'https' | 'h2c' | 'h2', Awaited<ReturnType<typeof trivialServer>>>> = {};
beforeAll(async () => {
  httpServer = await trivialHttpServer();
  echo = await rawServer((socket) => socket.pipe(socket));
  for (const kind of ['https', 'h2c', 'h2'] as const) others[kind] = await trivialServer(kind);
});
afterAll(async () => {
  await httpServer.close();
  await echo.close();
  for (const server of Object.values(others)) await server.close();
});

describe.each(kinds)('client kind $kind against a $target server', ({ spec, target }) => {
  it('opens, acts, closes and records a complete account', async () => {
    const port = target === 'echo' ? echo.port : target === 'http' ? httpServer.port : (others[target]?.port ?? 0);
    const { client, events } = standaloneClient(spec, port, { websocket: '/ws', stream: '/events?n={chunks}' }, { tls: target === 'h2' });
    expect(client.kind).toBe(spec.kind);
    await actAll(spec, client);
    await client.close();

    // HTTP kinds invoke the request first (undici then connects); the others connect first.
    expect(events.findIndex((e) => e.type === 'client-connect')).toBeLessThan(
      events.findIndex((e) => e.type === 'client-connected'),
    );
    const sent = events.filter((e) => e.type === 'request-sent');
    const outcomes = events.filter((e) => e.type === 'request-outcome');
    expect(outcomes.map((e) => e.type === 'request-outcome' && e.request).sort()).toEqual(
      sent.map((e) => e.type === 'request-sent' && e.request).sort(),
    );
    for (const outcome of outcomes) expect(outcome).toMatchObject({ outcome: 'complete', bytesWritten: true });
    expect(client.inFlight()).toBe(0);
    expect(client.openConnections()).toBe(0);
    expect(client.acted()).toBe(true);
    const connects = events.filter((e) => e.type === 'client-connected').length;
    const ends = events.filter((e) => e.type === 'connection-ended').length;
    expect(connects).toBeGreaterThan(0);
    expect(ends).toBe(connects);
  });
});

/** A server that misbehaves on purpose, and the outcome class a GET must record against it. */
describe('an HTTP client against a server that misbehaves on purpose', () => {
  const half = 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part of the body';
  const cases: [string, (socket: net.Socket) => void, string][] = [
    ['resets before any response', (s) => s.once('data', () => s.resetAndDestroy()), 'reset-before-response'],
    ['resets mid-body', (s) => s.once('data', () => s.write(half, () => setTimeout(() => s.resetAndDestroy(), 20))), 'reset-mid-response'],
    ['ends with FIN mid-body', (s) => s.once('data', () => s.end(half)), 'truncated'],
    ['accepts, reads, then closes unanswered', (s) => s.once('data', () => s.end()), 'closed-before-response'],
    [
      'answers 503 with Connection: close',
      (s) => s.once('data', () => s.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')),
      'drain-refusal',
    ],
  ];
  it.each(cases)('%s', async (_name, behaviour, expected) => {
    const server = await rawServer(behaviour);
    const { client, events } = standaloneClient({ kind: 'http', id: 'A', at: 0, path: '/' }, server.port);
    client.act(0);
    await actAllDone(client);
    // Every one of these servers ends the connection itself; wait for that before cleaning up.
    await waitFor(() => client.openConnections() === 0, 'the server to end the connection');
    await client.close();
    await server.close();
    expect(events.find((e) => e.type === 'request-outcome')).toMatchObject({ outcome: expected, bytesWritten: true });
    const end = events.find((e) => e.type === 'connection-ended');
    expect(end).toMatchObject({ by: 'server', how: expected.startsWith('reset') ? 'rst' : 'fin' });
  });

  it('records a connection to a closed port as refused', async () => {
    const server = await rawServer(() => undefined);
    const port = server.port;
    await server.close();
    const { client, events } = standaloneClient({ kind: 'http', id: 'A', at: 0, path: '/' }, port);
    client.act(0);
    await actAllDone(client);
    expect(events.map((e) => e.type)).toEqual(['request-sent', 'client-connect', 'client-refused', 'request-outcome']);
    expect(events.at(-1)).toMatchObject({ outcome: 'refused', bytesWritten: false });
  });
});

describe('a keep-alive client whose idle connection the server closes as the next request arrives', () => {
  it('records the keep-alive race: bytes written, no response, on the reused connection', async () => {
    let requests = 0;
    const server = await rawServer((socket) =>
      socket.on('data', () => {
        requests++;
        if (requests === 1) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        // The second request's bytes arrive at a server that has decided to close: it never answers.
        else socket.end();
      }),
    );
    const spec: ClientSpec = { kind: 'keep-alive', id: 'K', at: 0, requests: [{ at: 0, path: '/' }, { at: 1, path: '/' }] };
    const { client, events } = standaloneClient(spec, server.port);
    await actAll(spec, client);
    await client.close();
    await server.close();
    const outcomes = events.filter((e) => e.type === 'request-outcome');
    expect(outcomes).toEqual([
      { type: 'request-outcome', client: 'K', request: 0, outcome: 'complete', status: 200, connectionClose: false, bytesWritten: true },
      { type: 'request-outcome', client: 'K', request: 1, outcome: 'closed-before-response', bytesWritten: true },
    ]);
    // One connection: the race is on the reused socket, not on a new one.
    expect(events.filter((e) => e.type === 'client-connected')).toHaveLength(1);
  });
});

async function actAllDone(client: { acted(): boolean; inFlight(): number }): Promise<void> {
  await waitFor(() => client.acted() && client.inFlight() === 0, 'the client to finish');
}

describe('a WebSocket client against a server that ends it', () => {
  it.each<[string, (ws: WebSocket) => void, number, string]>([
    ['sends 1001 going away', (ws) => ws.close(1001, 'going away'), 1001, 'going away'],
    ['drops the TCP connection with no close frame', (ws) => ws.terminate(), 1006, ''],
  ])('%s', async (_name, behaviour, code, reason) => {
    const server = http.createServer();
    const wss = new WebSocketServer({ server });
    wss.on('connection', (ws) => setTimeout(() => behaviour(ws), 10));
    const port = await listen(server);
    const { client, events } = standaloneClient({ kind: 'websocket', id: 'W', at: 0, messages: [] }, port);
    client.act(0);
    await waitFor(() => client.openConnections() === 0, 'the server to end the WebSocket');
    await client.close();
    await new Promise((resolve) => server.close(resolve));
    expect(events.find((e) => e.type === 'websocket-closed')).toEqual({ type: 'websocket-closed', client: 'W', code, reason });
    expect(events.find((e) => e.type === 'connection-ended')).toMatchObject({ by: 'server' });
  });
});
