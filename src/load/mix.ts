/**
 * The connection mix of a load run: how many of the N connections are of each kind. Pure.
 *
 * A kind here is what a held connection does with the sends it is given: `keep-alive` asks for the
 * fast route, `slow` for a response that takes a while, `stream` for a chunked response, and
 * `websocket` is an open WebSocket that sends a message. The HTTP kinds are the scenario client kinds
 * of the same names, held open as persistent connections instead of being played once.
 */

export const LOAD_KINDS = ['keep-alive', 'slow', 'stream', 'websocket'] as const;
export type LoadKind = (typeof LOAD_KINDS)[number];
export type HttpLoadKind = Exclude<LoadKind, 'websocket'>;

/** Relative weights per kind; they need not add up to 100. */
export type Mix = Readonly<Record<LoadKind, number>>;

export type MixParse = { ok: true; mix: Mix } | { ok: false; problem: string };

/** The default mix: mostly quick keep-alive traffic with some of every other kind; no WebSockets when the target has none. */
export function defaultMix(upgrade: boolean): Mix {
  return upgrade
    ? { 'keep-alive': 70, slow: 10, stream: 10, websocket: 10 }
    : { 'keep-alive': 80, slow: 10, stream: 10, websocket: 0 };
}

/** Parses `keep-alive=70,slow=10,stream=10,websocket=10`; a kind left out gets weight 0. */
export function parseMix(text: string): MixParse {
  const weights: Record<LoadKind, number> = { 'keep-alive': 0, slow: 0, stream: 0, websocket: 0 };
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const match = /^\s*([a-z-]+)\s*=\s*(\d+)\s*$/.exec(part);
    if (!match) return { ok: false, problem: `'${part.trim()}' is not kind=weight` };
    const [, kind = '', weight = ''] = match;
    if (!(LOAD_KINDS as readonly string[]).includes(kind)) {
      return { ok: false, problem: `'${kind}' is not a load kind; use ${LOAD_KINDS.join(', ')}` };
    }
    if (seen.has(kind)) return { ok: false, problem: `'${kind}' is given twice` };
    seen.add(kind);
    weights[kind as LoadKind] = Number(weight);
  }
  if (LOAD_KINDS.every((kind) => weights[kind] === 0)) return { ok: false, problem: 'every weight is 0' };
  return { ok: true, mix: weights };
}

/**
 * Splits `n` connections by the mix's weights with the largest-remainder method, so that the counts
 * add up to `n` exactly and the same mix always splits the same way. A kind with a weight above zero
 * gets at least one connection when there are enough to go round, so that asking for it means meeting it.
 */
export function splitConnections(n: number, mix: Mix): Record<LoadKind, number> {
  const total = LOAD_KINDS.reduce((sum, kind) => sum + mix[kind], 0);
  const counts: Record<LoadKind, number> = { 'keep-alive': 0, slow: 0, stream: 0, websocket: 0 };
  const remainders = LOAD_KINDS.map((kind) => {
    const exact = (n * mix[kind]) / total;
    counts[kind] = Math.floor(exact);
    return { kind, remainder: exact - Math.floor(exact) };
  });
  let left = n - LOAD_KINDS.reduce((sum, kind) => sum + counts[kind], 0);
  // Ties go to the kind listed first, so the split is deterministic.
  for (const { kind } of [...remainders].sort((a, b) => b.remainder - a.remainder)) {
    if (left === 0) break;
    counts[kind]++;
    left--;
  }
  const wanted = LOAD_KINDS.filter((kind) => mix[kind] > 0);
  if (n >= wanted.length) {
    for (const kind of wanted) {
      if (counts[kind] > 0) continue;
      const richest = LOAD_KINDS.reduce((a, b) => (counts[b] > counts[a] ? b : a));
      counts[richest]--;
      counts[kind]++;
    }
  }
  return counts;
}

/** `keep-alive 70, slow 10, stream 10, websocket 10`: the kinds that have connections. */
export function describeSplit(counts: Readonly<Record<LoadKind, number>>): string {
  return LOAD_KINDS.filter((kind) => counts[kind] > 0)
    .map((kind) => `${kind} ${counts[kind].toLocaleString('en-US')}`)
    .join(', ');
}
