import { DEFAULT_WEBSOCKET_CLOSE_CODES } from '../checkers/checker.js';
import { configFor } from '../config/loaded.js';
import { parseMix } from '../load/mix.js';
import { formatLoadProgress } from '../load/report/text.js';
import { runLoad } from '../load/run-load.js';
import type { LoadProgress, LoadSettings } from '../load/settings.js';
import type { LoadSummary } from '../load/summary.js';
import { LOAD_FILES, writeLoadReport } from '../load/write.js';
import { writeFiles } from '../report/reporters.js';
import { checkOutDir, outDirMessage } from '../report/write.js';
import { LOAD_SETTINGS, resolveLoad } from '../settings/resolve.js';
import type { SignalName } from '../scenario/types.js';
import { OptionsError, readOptions, type Duration } from './options.js';
import { version } from './version.js';

/**
 * The options of `shutdown-check load`, in camelCase; durations in ms or as strings like '30s'. The
 * config file may give `grace`, `signal`, `startupTimeout` and `keepPorts`; an option wins over it.
 */
export interface CheckUnderLoadOptions {
  /** the server's entry file (a Node program that listens) */
  target: string;
  /** a config file; default: shutdown-check.config.{js,mjs,json} in the working directory, if any */
  config?: string;
  /** connections held open, HTTP and WebSocket together (default 100) */
  connections?: number;
  /** sends per second, requests and WebSocket messages, open loop (default 1000) */
  rate?: number;
  /** how long the load runs (default 10s); it goes on while the target drains */
  duration?: Duration;
  /** when the signal goes, after the load began (default: half the duration) */
  signalAt?: Duration;
  /** connection shares, e.g. 'keep-alive=70,slow=10,stream=10,websocket=10' (default: that, without websocket when the target has no endpoint) */
  mix?: string;
  /** from the signal to the SIGKILL (default 30s) */
  grace?: Duration;
  /** default SIGTERM */
  signal?: SignalName;
  /** how long to wait for the target's first listener (default 10s) */
  startupTimeout?: Duration;
  /** let the target listen on the port it asks for (default: remapped to a free one) */
  keepPorts?: boolean;
  /** warnings fail the run too */
  strict?: boolean;
  /** a folder for load.json and load.html, checked before the target starts; without it nothing is written */
  out?: string;
  /** called a few times a second with the phase and the progress line the command line shows */
  onProgress?: (progress: { phase: 'connecting' | 'loading' | 'draining'; line: string }) => void;
}

/**
 * How a load run ended: `done` with its summary (a verdict `error` says the run could not be judged,
 * `problems` why), or `usage` when the target or the machine cannot take the load asked for (too
 * many connections for the open-file limits, WebSockets asked of a target without them, a raw TCP
 * target); `message` names the command line's flags.
 */
export type LoadResult =
  | {
      kind: 'done';
      /** what load.json holds */
      summary: LoadSummary;
      /** the last lines of the target's stderr */
      stderrTail: readonly string[];
      /** with `out`: the files written, or the line telling why they could not be */
      files?: { kind: 'written'; files: string[] } | { kind: 'not-written'; line: string };
    }
  | { kind: 'usage'; message: string };

/**
 * The run of `shutdown-check load`: the target on the real clock, held connections and an open-loop
 * rate of sends, the signal mid-load, the load kept on through the drain, every failed request counted
 * against the invariant it breaks. Writes load.json and load.html into `out` when it is given, after
 * the run (a failure to write is in the result, not a rejection).
 *
 * Rejects with OptionsError for a bad option (or an `out` that cannot take the files), ConfigError for
 * a bad config file, and TargetError when the target cannot be brought up.
 */
export async function checkUnderLoad(options: CheckUnderLoadOptions): Promise<LoadResult> {
  if (typeof options.target !== 'string' || options.target === '') {
    throw new OptionsError("target is required: the path of the server's entry file", '--target <file> is required: the entry file of your server');
  }
  const given = readOptions(options, [...LOAD_SETTINGS, 'config', 'out']);
  // Before the config is loaded and the target started: a load run must not end unable to write.
  if (given.out !== undefined) {
    const check = checkOutDir(given.out, LOAD_FILES);
    if (check.kind === 'refused') throw new OptionsError(outDirMessage('out:', given.out, check.problem), outDirMessage('--out', given.out, check.problem));
  }
  // The options carry the config when the command line loaded it already.
  const config = await configFor(options);
  const resolved = resolveLoad(given, config);
  const signalAtMs = resolved.signalAt ?? Math.round(resolved.duration / 2);
  if (signalAtMs > resolved.duration) {
    const at = String(options.signalAt);
    const length = options.duration !== undefined ? String(options.duration) : `${resolved.duration / 1000}s`;
    throw new OptionsError(
      `signalAt: ${JSON.stringify(options.signalAt)} is after the end of the load (duration: ${JSON.stringify(options.duration ?? length)}); signal within it`,
      `--signal-at ${at} is after the end of the load (--duration ${length}); signal within it`,
    );
  }
  let mix = null;
  if (resolved.mix !== undefined) {
    const parsed = parseMix(resolved.mix);
    const example = 'keep-alive=70,slow=10,stream=10,websocket=10';
    if (!parsed.ok) throw new OptionsError(`mix: ${JSON.stringify(resolved.mix)}: ${parsed.problem}; e.g. '${example}'`, `--mix ${resolved.mix}: ${parsed.problem}; e.g. ${example}`);
    mix = parsed.mix;
  }
  const settings: LoadSettings = {
    target: options.target,
    connections: resolved.connections,
    ratePerSec: resolved.rate,
    durationMs: resolved.duration,
    signalAtMs,
    mix,
    strict: resolved.strict,
    graceMs: resolved.grace,
    signal: resolved.signal,
    startupTimeoutMs: resolved.startupTimeout,
    keepPorts: resolved.keepPorts,
    routes: { fast: '/', ...config?.routes },
    websocket: config?.websocket ?? null,
    allowedExitCodes: config?.allowedExitCodes ?? null,
    websocketCloseCodes: config?.websocketCloseCodes ?? DEFAULT_WEBSOCKET_CLOSE_CODES,
  };
  const { onProgress } = options;
  const progress = onProgress ? (p: LoadProgress) => onProgress({ phase: p.phase, line: formatLoadProgress(p) }) : undefined;
  const run = await runLoad(settings, version(), progress);
  if (run.kind === 'usage' || given.out === undefined) return run;
  const out = given.out;
  return { ...run, files: writeFiles(() => Object.values(writeLoadReport(run.summary, out)), out) };
}
