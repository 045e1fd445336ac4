import type { ClientSpec } from '../scenario/types.js';
import type { Client, ClientContext } from './client.js';
import { HttpClient } from './http.js';

export class UnsupportedClientError extends Error {}

/** Makes the client for a spec. */
export function createClient(spec: ClientSpec, ctx: ClientContext): Client {
  switch (spec.kind) {
    case 'http':
      return new HttpClient(spec, ctx);
    default:
      throw new UnsupportedClientError(`client kind '${spec.kind}' is not implemented yet`);
  }
}
