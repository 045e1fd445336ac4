import { CLIENT_KIND_DEFINITIONS, CLIENT_KINDS, definitionOf } from './client-kinds/registry.js';
import type { Speaks } from './client-kinds/definition.js';
import type { ClientKind } from './types.js';

/** Every kind that talks to an HTTP target and is drawn without being asked for, in the registry's order. */
const ANY_HTTP_KINDS: readonly ClientKind[] = CLIENT_KINDS.filter((kind) => {
  const definition = definitionOf(kind);
  return definition.targets.includes('http') && definition.byDefault !== false;
});

/**
 * The mix an HTTP/1.1 target in clear text gets when nobody asks for particular kinds: every kind that
 * talks to it, in the registry's order, but those whose definition says `byDefault: false` (plain
 * `http`), which can still be asked for. A TLS or HTTP/2 target gets the kinds that speak what it
 * serves instead (selectKinds).
 */
export const DEFAULT_HTTP_KINDS: readonly ClientKind[] = ANY_HTTP_KINDS.filter((kind) => {
  const speaks = definitionOf(kind).speaks ?? 'http1';
  return speaks === 'http1' || speaks === 'tcp';
});

/**
 * What a raw TCP target gets. `late` is left out although "new connections after the signal" matters
 * for any server: the late connector sends an HTTP request, which an echo service would answer with an
 * echo of a request line and never a complete HTTP response, so every attempt would look dropped.
 */
export const RAW_KINDS: readonly ClientKind[] = ['raw', 'silent'];

export interface KindOptions {
  /** the kinds asked for (`--clients`, or the config's `clients`); absent: every kind the target supports */
  requested?: readonly ClientKind[];
  /** the agent saw a listening server with an 'upgrade' listener (a WebSocket endpoint) */
  upgrade: boolean;
  /** the config's `websocket`: true or false decides; null leaves it to what the agent saw */
  websocketConfig: boolean | null;
  /** the target speaks plain TCP, not HTTP */
  raw: boolean;
  /** what its HTTP listeners speak, as its agent saw them; absent: HTTP/1.1 in clear text only */
  protocols?: Protocols;
  /**
   * No agent runs in the target (a command): nobody can hold an answer or trickle a stream, so slow
   * and stream clients need the target's own routes, which the config names.
   */
  noAgent?: { slowRoute: boolean; streamRoute: boolean };
}

/** What a target's HTTP listeners speak, each true when one of them does (as the agent reports it). */
export interface Protocols {
  /** HTTP/1.1 in clear text */
  http1: boolean;
  /** HTTP/1.1 over TLS */
  https: boolean;
  /** HTTP/2 in clear text with prior knowledge */
  h2c: boolean;
  /** HTTP/2 over TLS (ALPN h2) */
  h2: boolean;
}

/** A client kind asked for that the target cannot take, and why: what onDroppedKind is called with. */
export interface DroppedKind {
  kind: ClientKind;
  /** one sentence for the user, saying why the target cannot take this kind */
  why: string;
}

export interface KindSelection {
  /** the kinds to generate clients of, in the order asked for (or the default order); may be empty */
  kinds: ClientKind[];
  /** kinds that were asked for and that the target cannot take */
  dropped: DroppedKind[];
}

/**
 * Which client kinds a target gets, with the reason for each requested kind it cannot take. Pure.
 *
 * With `requested`, the result is the requested kinds the target supports, in the requested order,
 * each once; the others are in `dropped` with the reason. An empty `requested` therefore gives no kinds:
 * deciding whether that is a usage error is the caller's business. Without `requested`, the result is
 * the default mix for the target, and nothing is dropped (a WebSocket the target does not have was
 * never asked for).
 */
export function selectKinds(options: KindOptions): KindSelection {
  const unsupported = (kind: ClientKind): string | null => whyUnsupported(kind, options);
  if (options.requested === undefined) {
    const base = options.raw ? RAW_KINDS : ANY_HTTP_KINDS;
    return { kinds: base.filter((kind) => unsupported(kind) === null), dropped: [] };
  }
  const kinds: ClientKind[] = [];
  const dropped: DroppedKind[] = [];
  for (const kind of new Set(options.requested)) {
    const why = unsupported(kind);
    if (why === null) kinds.push(kind);
    else dropped.push({ kind, why });
  }
  return { kinds, dropped };
}

/** The kinds of `selectKinds`, for a caller that does not report the dropped ones. Pure. */
export function supportedKinds(options: KindOptions): ClientKind[] {
  return selectKinds(options).kinds;
}

function whyUnsupported(kind: ClientKind, options: KindOptions): string | null {
  const definition = CLIENT_KIND_DEFINITIONS[kind];
  if (options.raw && !definition.targets.includes('raw')) return definition.notForRaw ?? `${kind} clients speak HTTP, and the target is raw TCP`;
  if (!options.raw && !definition.targets.includes('http')) return `${kind} clients are for plain TCP targets, and the target speaks HTTP`;
  if (!options.raw) {
    const wrongProtocol = whyNotSpoken(kind, definition.speaks ?? 'http1', options.protocols ?? PLAIN_HTTP);
    if (wrongProtocol !== null) return wrongProtocol;
  }
  return definition.unsupported?.(options) ?? null;
}

const PLAIN_HTTP: Protocols = { http1: true, https: false, h2c: false, h2: false };

/** Why a target whose HTTP listeners speak `protocols` cannot take a client that speaks `speaks`, or null. */
function whyNotSpoken(kind: ClientKind, speaks: Speaks, protocols: Protocols): string | null {
  const served = [
    protocols.http1 ? 'HTTP/1.1 in clear text' : null,
    protocols.https ? 'HTTP/1.1 over TLS' : null,
    protocols.h2c ? 'HTTP/2 in clear text' : null,
    protocols.h2 ? 'HTTP/2 over TLS' : null,
  ].filter((p) => p !== null);
  const serves = `the target serves ${served.join(' and ') || 'no HTTP it can name'}`;
  switch (speaks) {
    case 'http1':
      return protocols.http1 ? null : `${kind} clients speak HTTP/1.1 in clear text, and ${serves}`;
    case 'https':
      return protocols.https ? null : `${kind} clients speak HTTP/1.1 over TLS, and ${serves}`;
    case 'h2':
      return protocols.h2 || protocols.h2c ? null : `${kind} clients speak HTTP/2, and ${serves}`;
    case 'tcp':
      return null;
  }
}
