import { searchOptionsFromConfig } from '../config/search-options.js';
import { buildReport } from '../report/build.js';
import type { Report, SearchSettings } from '../report/report.js';
import { formatProgress } from '../report/pretty.js';
import { searchProperty, type Progress as SearchProgress } from '../run/property.js';
import { scenarioArbitrary, type ScenarioArbitraryOptions } from '../scenario/arbitraries.js';
import { focusTimes } from '../run/focus.js';
import { canStartAhead } from '../run/executor.js';
import { probeTarget } from '../run/probe.js';
import { PLAIN_HTTP1 } from '../target/target-process.js';
import { fewestShardedRuns, parseShard, shardText, type Shard } from '../run/shard.js';
import { shardBlob } from '../report/shard-blob.js';
import { selectKinds, type DroppedKind } from '../scenario/kinds.js';
import { resolveRequired, resolveSearch, resolveSetting, resolveSettings } from '../settings/resolve.js';
import type { ClientKind, Profile, SignalName } from '../scenario/types.js';
import { durationOption, OptionsError, readOptions, type Duration } from './options.js';
import { targetSettings, type TargetOptions } from './target-settings.js';
import { version } from './version.js';
import { discoveredWebSocketRoute, withWebSocketRoute } from './websocket-route.js';

/** The options of `shutdown-check`, in camelCase; durations in ms or as strings like '30s'. */
export interface CheckShutdownOptions extends TargetOptions {
  /** the server's entry file (a Node program that listens); or leave it out and give `cmd` */
  target?: string;
  /** from the signal to the SIGKILL (default 30s) */
  grace?: Duration;
  /** default SIGTERM */
  signal?: SignalName;
  /** default immediate */
  profile?: Profile;
  /** default: every kind the target supports */
  clients?: readonly ClientKind[];
  /** property runs (default 100) */
  runs?: number;
  /** default: a random one, kept in the report so the search can be replayed */
  seed?: number;
  /** replay the counterexample printed with this path and its seed (`seed`, or the config file's) */
  path?: string;
  /** with `path`: the focus times printed with the counterexample (ms, or strings like '1000ms') */
  focus?: readonly Duration[];
  /** the longest latency (and stream length) the search draws, for apps whose requests are short; default 1.5 × grace */
  maxLatency?: Duration;
  /**
   * the second signals the search may send during the drain (default: the signal again, and SIGINT):
   * `[]` for none
   */
  secondSignals?: readonly SignalName[];
  /** independent searches at once, each with its own seed (default 1) */
  concurrency?: number;
  /** stop searching after this long; the runs done so far count */
  timeBudget?: Duration;
  /**
   * `'i/n'`: run part i of n of the search, for a search split across machines (needs `seed`); the
   * report's `shard` says which part it is and carries its `blob`, and mergeShards makes the whole
   * search's report of every part's blob
   */
  shard?: string;
  /**
   * at most this many runs shrinking each violated invariant's counterexample (default 100); 0 keeps
   * each one's first failing run. A shrink run that violates another invariant first makes it violated
   * too (its counterexample says `foundWhileShrinking`), so fewer shrink runs can find fewer violations
   */
  shrinkRuns?: number;
  /**
   * the longest time spent shrinking each violated invariant's counterexample; when it ends, the
   * smallest failing scenario found so far is reported as such. Default: no limit under the virtual
   * clock, where a run costs milliseconds; under the real clock 30 × the failing run's own wall time,
   * and at least 20 s
   */
  shrinkBudget?: Duration;
  /** called after each run */
  onProgress?: (progress: Progress) => void;
  /**
   * called for each kind in `clients` the target cannot take (a WebSocket client for a server without
   * a WebSocket endpoint, say); by default a process warning says so
   */
  onDroppedKind?: (dropped: DroppedKind) => void;
  /** called with what a user should know about how the target is driven; by default a process warning */
  onNotice?: (message: string) => void;
}

/** Where a search stands after each run, and the line the command line shows for it. */
export interface Progress extends SearchProgress {
  /** a bar and the counts, as one line: `[####----] 12/100 runs · no failure · 3.1 s` */
  line: string;
}

function warnDropped(target: string): (dropped: DroppedKind) => void {
  return (d) => process.emitWarning(`no ${d.kind} clients for ${target}: ${d.why}`, 'ShutdownCheckWarning');
}

/**
 * The whole search that `shutdown-check --target` runs — load the config, probe the target for the
 * client kinds it supports, search and shrink, build the report — without printing or writing a file.
 *
 * Resolves with the Report that report.json holds: verdict `pass`, `fail` (with the counterexample
 * and its replay command) or `error` (a run reached no verdict; `reason` says why). Rejects with
 * OptionsError for a bad option (or client kinds of which the target can take none), ConfigError for a
 * bad config file, and TargetError when the target cannot be brought up (missing, crashed or exited
 * during start-up, never listened); a TargetError carries the last lines of the target's stderr.
 */
export async function checkShutdown(options: CheckShutdownOptions): Promise<Report> {
  const given = readOptions(options, ['grace', 'signal', 'profile', 'clients', 'runs', 'seed', 'concurrency', 'shrinkRuns', 'timeBudget', 'shrinkBudget', 'maxLatency', 'secondSignals', 'shard']);
  if (options.path !== undefined && !/^\d+(:\d+)*$/.test(options.path)) {
    throw new OptionsError(
      `path: ${JSON.stringify(options.path)} is not a replay path; use the one printed with the failure (e.g. seed: 7, path: '3:0:1')`,
      `--path ${options.path} is not a replay path; use the one printed with the failure, e.g. 3:0:1`,
    );
  }
  if (options.focus !== undefined && options.path === undefined) {
    throw new OptionsError('focus: it replays a counterexample, with the seed and path printed beside it', '--focus replays a counterexample: give it with the --seed and --path printed beside it');
  }
  const focusMs = options.focus?.map((ms, i) => durationOption(`focus[${i}]`, ms, 0) ?? 0);
  const settings = await targetSettings(options.target, options);
  const { config, target } = settings;
  const { shrinkRuns, timeBudget: timeBudgetMs, shrinkBudget: shrinkBudgetMs, maxLatency: maxLatencyMs, secondSignals } = resolveSettings(
    ['shrinkRuns', 'timeBudget', 'shrinkBudget', 'maxLatency', 'secondSignals'],
    given,
    config,
  );
  const concurrency = resolveRequired('concurrency', given, config);
  const { clients: chosen, seed: replayed } = resolveSearch(given, config);
  // A path is a walk through the tree of scenarios one seed draws: with no seed known there is no
  // tree to walk. The seed may be the option's or the config file's, as for any search.
  if (options.path !== undefined && replayed === undefined) {
    throw new OptionsError(
      `path: ${options.path} replays a failure only with the seed it was printed with; give seed (as an option or in the config file)`,
      `--path ${options.path} replays a failure only with the seed it was printed with; give --seed <n> (or seed in the config file)`,
    );
  }
  const [firstSignal, profile, runs] = [resolveRequired('signal', given, config), resolveRequired('profile', given, config), resolveRequired('runs', given, config)];
  const shard = shardOf(resolveSetting('shard', given, config), { path: options.path, seed: replayed, runs, concurrency });
  if (settings.run.keepPorts && concurrency > 1 && options.path === undefined) {
    // Every concurrent target would ask for the same port: the second cannot listen, and clients of
    // one search could reach the other's target.
    throw new OptionsError(
      `--keep-ports (or the config's keepPorts) runs one target at a time; drop --concurrency ${concurrency}, or --keep-ports`,
    );
  }
  const fixedPort = settings.command?.port;
  if (fixedPort !== undefined && concurrency > 1 && options.path === undefined) {
    throw new OptionsError(
      `port ${fixedPort} gives every run the same port, so runs cannot go in parallel; use portEnv with concurrency`,
      `--port ${fixedPort} gives every run the same port, so runs cannot go in parallel; use --port-env <NAME> with --concurrency`,
    );
  }

  const notice = options.onNotice ?? ((message: string) => process.emitWarning(message, 'ShutdownCheckWarning'));
  // The probe's target serves as the first run's where targets are started ahead, but not for a
  // replay, which starts its one target for its scenario.
  const keep = canStartAhead(settings.run) && options.path === undefined;
  const { serves, kept } = await probeTarget(settings, notice, keep);
  // Until the search takes the kept target, a throw (no kinds apply, say) must not leave it running.
  let handedOver = false;
  try {
    if (settings.proxy && !serves.http) {
      throw new OptionsError(
        `proxy: nginx is an HTTP proxy, and ${target} does not speak HTTP; leave proxy out for a raw TCP target`,
        `--proxy nginx is an HTTP proxy, and ${target} does not speak HTTP; run a raw TCP target without --proxy`,
      );
    }
    // The proxy's upstream is clear HTTP/1.1 (nginx-config.ts): a TLS-only or HTTP/2-only target would
    // answer nginx with bytes it cannot read, and every request would be nginx's own 502.
    if (settings.proxy && !serves.protocols.http1) {
      throw new OptionsError(
        `proxy: nginx passes requests on as clear HTTP/1.1, and ${target} serves only TLS or HTTP/2; leave proxy out for it`,
        `--proxy nginx passes requests on as clear HTTP/1.1, and ${target} serves only TLS or HTTP/2; run it without --proxy`,
      );
    }
    const { kinds, dropped } = selectKinds({
      ...(chosen ? { requested: chosen } : {}),
      upgrade: serves.upgrade,
      websocketConfig: config?.websocket ?? null,
      raw: !serves.http,
      // Behind the proxy every client speaks to nginx, which speaks clear HTTP/1.1 to clients here.
      protocols: settings.proxy ? PLAIN_HTTP1 : serves.protocols,
      ...(settings.command
        ? { noAgent: { slowRoute: config?.routes.slow !== undefined, streamRoute: config?.routes.stream !== undefined } }
        : {}),
    });
    dropped.forEach(options.onDroppedKind ?? warnDropped(target));
    if (kinds.length === 0) {
      throw new OptionsError(`none of the client kinds asked for (${chosen?.join(', ')}) applies to ${target}; ask for kinds it supports`);
    }

    // The config's route always wins; without one, WebSocket clients open where the target's ws server is.
    const discovered = kinds.includes('websocket') && config?.routes.websocket === undefined ? discoveredWebSocketRoute(target, serves.websocketPaths) : null;
    if (discovered) notice(discovered.notice);
    const routed = discovered ? withWebSocketRoute(settings.run, discovered.route) : settings.run;
    // A command has no agent to tell its h2 clients whether to open their sessions over TLS: the probe's word.
    const run = settings.command ? { ...routed, protocols: serves.protocols } : routed;

    const scenarios: ScenarioArbitraryOptions = {
      kinds,
      graceMs: resolveRequired('grace', given, config),
      signal: firstSignal,
      profile,
      ...searchOptionsFromConfig(config, settings.command ? settings.timeScale : 1, maxLatencyMs !== undefined ? { maxLatencyMs } : {}),
      // A second signal is part of the search: the same one again (npm and `docker stop` users send it
      // twice, a supervisor may forward it as the group gets it too) and SIGINT after it (Ctrl-C).
      secondSignals: secondSignals ?? [...new Set<SignalName>([firstSignal, 'SIGINT'])],
    };
    const search: SearchSettings = {
      target,
      ...(settings.command ? { command: settings.command } : {}),
      clock: settings.clock,
      ...(settings.timeScale !== 1 ? { timeScale: settings.timeScale } : {}),
      ...(settings.proxy ? { proxy: settings.proxy } : {}),
      graceMs: scenarios.graceMs,
      signal: scenarios.signal,
      profile: scenarios.profile,
      clients: kinds,
      strict: settings.strict,
      config: settings.configPath,
      ...(maxLatencyMs !== undefined ? { maxLatencyMs } : {}),
      ...(secondSignals !== undefined ? { secondSignals } : {}),
      ...(settings.node !== null ? { node: settings.node.version } : {}),
    };
    const { onProgress } = options;
    handedOver = true;
    const result = await searchProperty({
      run,
      ...(kept ? { firstTarget: kept } : {}),
      // Each focus time learnt (a moment the target cut work or ended) rebuilds the arbitrary around it.
      arbitrary: (focus) => scenarioArbitrary({ ...scenarios, focusMs: focus }),
      learn: (trial) => focusTimes(trial.result.history, trial.scenario),
      ...(focusMs !== undefined ? { focusMs } : {}),
      check: settings.check,
      numRuns: runs,
      ...(replayed !== undefined ? { seed: replayed } : {}),
      ...(options.path !== undefined ? { path: options.path } : {}),
      ...(timeBudgetMs !== undefined ? { timeBudgetMs } : {}),
      ...(shrinkRuns !== undefined ? { maxShrinkRuns: shrinkRuns } : {}),
      ...(shrinkBudgetMs !== undefined ? { shrinkBudgetMs } : {}),
      concurrency,
      ...(shard ? { shard } : {}),
      ...(onProgress ? { onRun: (progress: SearchProgress) => onProgress({ ...progress, line: formatProgress(progress, runs) }) } : {}),
    });
    // A target that could not be brought up for one of the runs: the same rejection as at the probe.
    if (result.status === 'error' && result.error) throw result.error;
    const report = buildReport(result, search, version());
    if (!shard) return report;
    return { ...report, shard: { ...shard, blob: shardBlob(shard, { seed: result.seed, runs, concurrency, settings: search }, result, version()) } };
  } finally {
    if (!handedOver) await kept?.dispose();
  }
}

/**
 * The shard to run, checked against the rest of the search: a shard is part of one search, so it needs
 * the search's seed, makes no replay, and every shard must have a run (else merging could not tell a
 * shard that ran nothing from one that never ran).
 */
function shardOf(given: string | undefined, search: { path: string | undefined; seed: number | undefined; runs: number; concurrency: number }): Shard | undefined {
  if (given === undefined) return undefined;
  // The settings table checked it already.
  const shard = parseShard(given) as Shard;
  const name = shardText(shard);
  if (search.path !== undefined) {
    throw new OptionsError(`shard: ${name} is part of a search, and path replays one scenario; drop one of them`, `--shard ${name} is part of a search, and --path replays one scenario; drop one of them`);
  }
  if (search.seed === undefined) {
    throw new OptionsError(
      `shard: ${name} needs seed: every shard of a search must search from the same seed`,
      `--shard ${name} needs --seed: every shard of a search must search from the same seed`,
    );
  }
  const fewest = fewestShardedRuns(shard.count, search.concurrency);
  if (search.runs < fewest) {
    const by = search.concurrency > 1 ? ` of ${search.concurrency} runners each` : '';
    throw new OptionsError(
      `shard: ${search.runs} runs leave shard ${shard.count}/${shard.count}${by} without a run; give runs of at least ${fewest}, or fewer shards`,
      `--runs ${search.runs} leaves shard ${shard.count}/${shard.count}${by} without a run; give --runs ${fewest} or more, or fewer shards`,
    );
  }
  return shard;
}
