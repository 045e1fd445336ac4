import type { ClientSpec } from '../scenario/types.js';
import type { Client, ClientContext } from './client.js';
import { HttpClient } from './http.js';
import { KeepAliveClient } from './keep-alive.js';
import { LateClient } from './late.js';
import { RawClient } from './raw.js';
import { SilentClient } from './silent.js';
import { SlowClient } from './slow.js';
import { StreamClient } from './stream.js';
import { WebSocketClient } from './websocket.js';

/** Makes the client for a spec. */
export function createClient(spec: ClientSpec, ctx: ClientContext): Client {
  switch (spec.kind) {
    case 'http':
      return new HttpClient(spec, ctx);
    case 'keep-alive':
      return new KeepAliveClient(spec, ctx);
    case 'slow':
      return new SlowClient(spec, ctx);
    case 'stream':
      return new StreamClient(spec, ctx);
    case 'websocket':
      return new WebSocketClient(spec, ctx);
    case 'silent':
      return new SilentClient(spec, ctx);
    case 'raw':
      return new RawClient(spec, ctx);
    case 'late':
      return new LateClient(spec, ctx);
  }
}
