import type { KeepAliveRequest } from '../scenario/types.js';
import type { ClientContext } from './client.js';
import { ordinaryRequest, type HttpAsk } from './http-connection.js';
import { slowRequest } from './slow.js';
import { streamRequest } from './stream.js';

/**
 * What one request of a client that sends several (keep-alive, https, h2) asks the target for: a slow
 * answer, a stream, one of the application's ordinary requests, or a path. Pure.
 */
export function keepAliveAsk({ routes, targetScale }: Pick<ClientContext, 'routes' | 'targetScale'>, request: KeepAliveRequest): HttpAsk {
  if (request.latencyMs !== undefined) return slowRequest(routes, request.latencyMs, targetScale);
  if (request.stream !== undefined) return streamRequest(routes, request.stream, targetScale);
  if (request.route !== undefined) return ordinaryRequest(routes, request.route);
  return { path: request.path ?? routes.fast };
}
