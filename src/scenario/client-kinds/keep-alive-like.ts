import type { ClientKindDefinition, Speaks } from './definition.js';
import { keepAliveKind, type KeepAliveClientSpec, type KeepAliveDraft, type KeepAliveRequest } from './keep-alive.js';

/** A spec of a kind whose client sends keep-alive requests over another protocol. */
export interface KeepAliveLikeSpec<K extends string> {
  kind: K;
  id: string;
  at: number;
  requests: KeepAliveRequest[];
}

export type KeepAliveLikeDraft<K extends string> = Omit<KeepAliveDraft, 'kind'> & { kind: K };

/**
 * A kind drawn, placed, checked and worded as keep-alive requests are, whose client speaks another
 * protocol (TLS, HTTP/2): the search explores the same times around the signal, idle connections and
 * the request written with the signal, over that protocol.
 */
export function keepAliveLike<K extends string>(
  kind: K,
  speaks: Speaks,
  example: KeepAliveLikeSpec<K>,
  over: string,
): ClientKindDefinition<KeepAliveLikeSpec<K>, KeepAliveLikeDraft<K>> {
  const asKeepAlive = <T extends { kind: K }>(value: T): Omit<T, 'kind'> & { kind: 'keep-alive' } => ({ ...value, kind: 'keep-alive' });
  const asKind = (spec: KeepAliveClientSpec): KeepAliveLikeSpec<K> => ({ ...spec, kind });
  return {
    kind,
    fields: keepAliveKind.fields,
    targets: ['http'],
    speaks,
    example,

    draft: (tools) => keepAliveKind.draft(tools).map((draft): KeepAliveLikeDraft<K> => ({ ...draft, kind })),
    early(draft, id, durations, signalAt) {
      const spec = keepAliveKind.early(asKeepAlive(draft), id, durations, signalAt);
      return spec && asKind(spec);
    },
    settle: (draft, early, id, signalAt, durations) =>
      asKind(keepAliveKind.settle?.(asKeepAlive(draft), early && asKeepAlive(early), id, signalAt, durations) ?? unreachable()),
    spansFromSignal: (draft) => keepAliveKind.spansFromSignal(asKeepAlive(draft)),

    opTimes: (spec) => keepAliveKind.opTimes(asKeepAlive(spec)),
    withSignal: (spec, op) => keepAliveKind.withSignal?.(asKeepAlive(spec), op) ?? false,
    busy: (spec) => keepAliveKind.busy?.(asKeepAlive(spec)) ?? [],
    idleBetween: (spec) => keepAliveKind.idleBetween?.(asKeepAlive(spec)) ?? [],
    validate: (spec, check) => keepAliveKind.validate?.(asKeepAlive(spec), check) ?? [],
    describe: (spec, signal) => `${keepAliveKind.describe(asKeepAlive(spec), signal)} ${over}`,
  };
}

function unreachable(): never {
  throw new Error('unreachable: the keep-alive kind settles its specs');
}
