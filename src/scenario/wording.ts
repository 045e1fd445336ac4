import type { StreamShape } from './types.js';

/** The phrases a scenario's description is made of, shared by every client kind's `describe`. */

export function configRequest(index: number): string {
  return `request ${index} of the config`;
}

export function streamText(stream: StreamShape): string {
  const what = stream.sse ? `an SSE stream of ${count(stream.chunks, 'event')}` : `a stream of ${count(stream.chunks, 'chunk')}`;
  return `${what}, one every ${msText(stream.everyMs)}`;
}

export function sends(at: number[], one: string, many: string): string {
  if (at.length === 0) return 'sends nothing';
  return at.length === 1 ? `sends ${one} at ${msList(at)}` : `sends ${many} at ${msList(at)}`;
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function msText(ms: number): string {
  return `${ms} ms`;
}

export function msList(ms: number[]): string {
  return ms.map(msText).join(', ');
}
