import type { HistoryEvent, Outcome } from '../history/events.js';

/**
 * What the SVG timeline draws each thing as: the class and colour of every request outcome (with the
 * legend's words) and the row, colour and dash of every marker. Pure.
 */

export type OutcomeClass = 'complete' | 'drain-refusal' | 'refused' | 'dropped' | 'cut' | 'timeout' | 'no-outcome';

/** Outcomes that look alike to a reader share a class: a reset and a close before any response are both dropped. */
export const CLASS_OF: Record<Outcome, OutcomeClass> = {
  complete: 'complete',
  'drain-refusal': 'drain-refusal',
  'stream-refused': 'drain-refusal',
  refused: 'refused',
  'reset-before-response': 'dropped',
  'closed-before-response': 'dropped',
  'reset-mid-response': 'cut',
  truncated: 'cut',
  timeout: 'timeout',
};

/** Colours and words of the legend, in the order it lists them. */
export const OUTCOME_CLASSES: readonly { name: OutcomeClass; colour: string; label: string }[] = [
  { name: 'complete', colour: '#2e7d32', label: 'complete response' },
  { name: 'drain-refusal', colour: '#0277bd', label: 'honest refusal: 503 with Connection: close' },
  { name: 'refused', colour: '#78909c', label: 'connection refused (listener closed)' },
  { name: 'dropped', colour: '#ef6c00', label: 'dropped before any response (reset or closed)' },
  { name: 'cut', colour: '#c62828', label: 'cut off mid-response (reset or truncated)' },
  { name: 'timeout', colour: '#6a1b9a', label: 'no answer before the run ended (timeout)' },
  { name: 'no-outcome', colour: '#bdbdbd', label: 'no outcome recorded' },
];

export const COLOUR = Object.fromEntries(OUTCOME_CLASSES.map((c) => [c.name, c.colour])) as Record<OutcomeClass, string>;

/** The class a request's bar is drawn in: its outcome's, or no-outcome when none was recorded. */
export function classOf(outcome: Outcome | null): OutcomeClass {
  return outcome ? CLASS_OF[outcome] : 'no-outcome';
}

/**
 * The legend's entries for a timeline whose requests ended with `outcomes`: the classes drawn, in the
 * legend's order, and no others — an entry for a colour the picture does not use only asks the reader
 * to look for it.
 */
export function legendEntries(outcomes: readonly (Outcome | null)[]): (typeof OUTCOME_CLASSES)[number][] {
  const drawn = new Set(outcomes.map(classOf));
  return OUTCOME_CLASSES.filter((c) => drawn.has(c.name));
}

export type MarkerKind = 'signal' | 'kill' | 'listener-closed' | 'exit' | 'exception' | 'watchdog';

export const MARKER_STYLE: Record<MarkerKind, { colour: string; dash: string | null }> = {
  signal: { colour: '#c62828', dash: null },
  kill: { colour: '#000000', dash: null },
  'listener-closed': { colour: '#0277bd', dash: '6 3' },
  exit: { colour: '#37474f', dash: '2 3' },
  exception: { colour: '#ad1457', dash: '2 3' },
  watchdog: { colour: '#6a1b9a', dash: '2 3' },
};

/** The marker an event draws across every lane, or null for an event drawn inside its client's lane. */
export function markerOf(e: HistoryEvent): { kind: MarkerKind; label: string } | null {
  switch (e.type) {
    case 'signal-sent':
      return { kind: 'signal', label: e.signal };
    case 'kill-sent':
      return { kind: 'kill', label: 'SIGKILL' };
    case 'listener-closed':
      return { kind: 'listener-closed', label: 'listener closed' };
    case 'target-exited':
      return { kind: 'exit', label: e.signal ? `killed (${e.signal})` : `exit ${e.code}` };
    case 'uncaught-exception':
      return { kind: 'exception', label: 'throws' };
    case 'watchdog':
      return { kind: 'watchdog', label: 'harness gives up' };
    default:
      return null;
  }
}
