import type { ClientKindDefinition, ClientSpecBase, DraftBase } from './definition.js';
import { h2Kind } from './h2.js';
import { httpKind } from './http.js';
import { httpsKind } from './https.js';
import { keepAliveKind } from './keep-alive.js';
import { lateKind } from './late.js';
import { rawKind } from './raw.js';
import { silentKind } from './silent.js';
import { slowKind } from './slow.js';
import { streamKind } from './stream.js';
import { websocketKind } from './websocket.js';

type AnyDefinition = ClientKindDefinition<ClientSpecBase, DraftBase>;

/** The compiler's check on the list below: every entry is a definition, filed under its own kind. */
function namedByKind<T extends { [K in keyof T]: AnyDefinition & { readonly kind: K } }>(definitions: T): T {
  return definitions;
}

/**
 * Every client kind, one line each; the order is the order of CLIENT_KINDS (and of the error messages
 * that list them). The socket side has its own list, clients/registry.ts, checked against this one.
 */
export const CLIENT_KIND_DEFINITIONS = namedByKind({
  http: httpKind,
  'keep-alive': keepAliveKind,
  slow: slowKind,
  stream: streamKind,
  websocket: websocketKind,
  silent: silentKind,
  raw: rawKind,
  late: lateKind,
  https: httpsKind,
  h2: h2Kind,
});

type Definitions = typeof CLIENT_KIND_DEFINITIONS;

/** A kind of client: `http`, `keep-alive`, `slow`, `stream`, `websocket`, `silent`, `raw` or `late`. */
export type ClientKind = keyof Definitions;

type SpecOf<D> = D extends ClientKindDefinition<infer S, infer _D> ? S : never;
type DraftOf<D> = D extends ClientKindDefinition<infer _S, infer Draft> ? Draft : never;

/** A client spec of any kind. */
export type ClientSpec = { [K in ClientKind]: SpecOf<Definitions[K]> }[ClientKind];

/** A spec of one kind. */
export type SpecOfKind<K extends ClientKind> = SpecOf<Definitions[K]>;

/** What is drawn for a client of any kind. */
export type Draft = { [K in ClientKind]: DraftOf<Definitions[K]> }[ClientKind];

export const CLIENT_KINDS = Object.keys(CLIENT_KIND_DEFINITIONS) as ClientKind[];

/**
 * The definition of a kind, for code that handles specs and drafts of any kind: each is only ever
 * given specs and drafts of its own kind, which is what dispatching on `kind` guarantees.
 */
export function definitionOf(kind: ClientKind): ClientKindDefinition<ClientSpec, Draft> {
  return CLIENT_KIND_DEFINITIONS[kind] as ClientKindDefinition<ClientSpec, Draft>;
}
