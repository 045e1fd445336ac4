import type { ClientSpec } from '../scenario/types.js';
import type { Client, ClientContext } from './client.js';
import { CLIENT_CLASSES } from './registry.js';

/** Makes the client for a spec. */
export function createClient(spec: ClientSpec, ctx: ClientContext): Client {
  // The list pairs each kind with the class that takes that kind's spec; indexing it by a spec of the
  // union loses that pairing, which `spec.kind` restores at run time.
  const Make = CLIENT_CLASSES[spec.kind] as new (spec: ClientSpec, ctx: ClientContext) => Client;
  return new Make(spec, ctx);
}
