/**
 * Strategy: @godaddy/terminus (4.x), set up as its README's "How to set Terminus up with Kubernetes?"
 * shows: a readiness health check, `beforeShutdown` that waits for the readiness probe to notice
 * (DRAIN_DELAY_MS here, 0 unless the deployment sets it; the README's example waits 5 s), and
 * `useExit0: true`. The shutdown `timeout` keeps its default of 1000 ms.
 *
 * What it does on SIGTERM (lib/terminus.js): the health check answers 503 from then on; it runs
 * `beforeShutdown` while the server keeps serving; then stoppable's `stop()` (see stoppable.js) with a
 * grace of `timeout`: the listener closes, idle sockets get a FIN, busy ones a FIN after their response,
 * and after 1000 ms every socket left is ended and then destroyed; when the server has closed it runs
 * `onSignal` and `onShutdown` and calls `process.exit(0)`. Expected to break:
 * - in-flight-complete: a request that needs more than the 1000 ms timeout is cut, although it would
 *   have finished within the grace period;
 * - websocket-going-away: stoppable ends the WebSocket's socket with a bare FIN (1006 at the client);
 * - drain-connection-close (warning): stoppable never writes `Connection: close`.
 * It holds the deadline (it exits within about a second of the drain) and, given a drain delay,
 * readiness: the probe fails while requests and new connections are still served.
 *
 * Routes: `/` at once; `/slow?ms=N`; `/events?n=N&every=M` (chunked); `/readyz` (terminus's health
 * check: 200, then 503 from the signal on); a WebSocket echo on any path.
 */
import http from 'node:http';
import { echoWebSockets, serve } from './lib/routes.js';
import { createTerminus } from '@godaddy/terminus';

const DRAIN_DELAY_MS = Number(process.env.DRAIN_DELAY_MS ?? 0);

const server = http.createServer(serve);

echoWebSockets(server);

createTerminus(server, {
  // `state.isShuttingDown` is handled by terminus itself: the check answers 503 once it is set.
  healthChecks: { '/readyz': async () => {} },
  // Kubernetes removes the pod's endpoints at the same time as it sends SIGTERM, not before.
  beforeShutdown: () => new Promise((resolve) => setTimeout(resolve, DRAIN_DELAY_MS)),
  useExit0: true,
});

server.listen(Number(process.env.PORT ?? 3000));
