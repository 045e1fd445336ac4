/**
 * The routes most strategies serve, so that each strategy file shows only how it shuts down:
 * `/` at once; `/slow?ms=N` after N ms; `/events?n=N&every=M`, N chunks one every M ms; `/readyz`,
 * always 200 (`serve` leaves it out, for strategies whose readiness is their own); a WebSocket echo on
 * any path; and the same routes registered on a fastify app.
 */
import { Readable } from 'node:stream';
import { WebSocketServer } from 'ws';

/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
export function routes(req, res) {
  if (req.url === '/readyz') res.end('ready\n');
  else serve(req, res);
}

/**
 * Every route but `/readyz`, for strategies whose readiness is their own; what it uses of a request and
 * a response is common to node:http's and node:http2's compatibility API, so HTTP/2 strategies serve it too.
 * @param {{ url?: string }} req
 * @param {{ end(chunk: string): unknown; end(): unknown; write(chunk: string): unknown; destroyed?: boolean }} res
 */
export function serve(req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/slow') {
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

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {number} n @param {number} every */
async function* events(n, every) {
  for (let i = 0; i < n; i++) {
    yield `event ${i}\n`;
    await sleep(every);
  }
}

/**
 * The same routes in fastify's own terms, for the fastify strategies (a stream fastify pipes).
 * @param {import('fastify').FastifyInstance} app
 */
export function fastifyRoutes(app) {
  /** @typedef {{ Querystring: { ms?: string; n?: string; every?: string } }} Query */
  app.get('/', async () => 'ok\n');
  app.get('/readyz', async () => 'ready\n');
  app.get('/slow', async (/** @type {import('fastify').FastifyRequest<Query>} */ request) => {
    await sleep(Number(request.query.ms ?? 1000));
    return 'slow\n';
  });
  app.get('/events', (/** @type {import('fastify').FastifyRequest<Query>} */ request, reply) => {
    const n = Number(request.query.n ?? 5);
    const every = Number(request.query.every ?? 100);
    return reply.type('text/plain').send(Readable.from(events(n, every)));
  });
}
