import type { ClientKind, SpecOfKind } from '../scenario/types.js';
import type { Client, ClientContext } from './client.js';
import { H2Client } from './h2.js';
import { HttpClient } from './http.js';
import { HttpsClient, KeepAliveClient } from './keep-alive.js';
import { LateClient } from './late.js';
import { RawClient } from './raw.js';
import { SilentClient } from './silent.js';
import { SlowClient } from './slow.js';
import { StreamClient } from './stream.js';
import { WebSocketClient } from './websocket.js';

/** What makes the client of one kind from a spec of that kind. */
export type ClientClass<K extends ClientKind> = new (spec: SpecOfKind<K>, ctx: ClientContext) => Client & { readonly kind: K };

/**
 * The socket side of every client kind, one line each. The compiler holds it to the scenario's list
 * of kinds (scenario/client-kinds/registry.ts): a kind missing here, or one that is not a kind, does
 * not compile, and each class must take a spec of its own kind.
 */
export const CLIENT_CLASSES = {
  http: HttpClient,
  'keep-alive': KeepAliveClient,
  slow: SlowClient,
  stream: StreamClient,
  websocket: WebSocketClient,
  silent: SilentClient,
  raw: RawClient,
  late: LateClient,
  https: HttpsClient,
  h2: H2Client,
} satisfies { [K in ClientKind]: ClientClass<K> };
