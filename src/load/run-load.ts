/**
 * One load run, end to end: start the target on the real clock, open and hold the connections, send
 * on the open-loop schedule, signal at `signalAtMs`, keep the load on through the drain until the
 * target exits (or SIGKILL it when the grace period ends, as the kubelet does), then count. The target
 * is started through run/ like every other; everything counted is judged by pure code (tally, classify,
 * summary).
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_SETTLE_MS, SIGNAL_NUMBERS } from '../checkers/checker.js';
import { Nemesis } from '../nemesis/nemesis.js';
import { launchLoadTarget } from '../run/load-target.js';
import type { Exit, TargetDescription, TargetProcess } from '../target/launch.js';
import { LoadGenerator } from './generator.js';
import { fileLimitProblem, readOpenFilesLimit } from './limits.js';
import { defaultMix, splitConnections, type LoadKind } from './mix.js';
import type { LoadProgress, LoadSettings } from './settings.js';
import { summarize, summarySettings, type LoadSummary } from './summary.js';
import { LoadTally } from './tally.js';

export type LoadRun =
  | { kind: 'done'; summary: LoadSummary; /** the target's last lines of stderr */ stderrTail: readonly string[] }
  | { kind: 'usage'; message: string };


/** How long, after the target exited, requests still open may take to see their end. */
const SETTLE_AFTER_EXIT_MS = 2000;
/**
 * A target that has not let every connection open by then will not carry the load: a minute, or 10 ms
 * a connection when there are more than 6,000 (a busy machine opens a few hundred a second).
 */
const OPEN_TIMEOUT_MS = 60_000;
const OPEN_TIMEOUT_PER_CONNECTION_MS = 10;
const PROGRESS_EVERY_MS = 250;

/** Runs one load; throws TargetError when the target cannot be brought up. */
export async function runLoad(
  settings: LoadSettings,
  version: string,
  onProgress: (progress: LoadProgress) => void = () => undefined,
): Promise<LoadRun> {
  const harnessLimit = readOpenFilesLimit('self');
  const harnessProblem = fileLimitProblem('the harness', settings.connections, harnessLimit);
  if (harnessProblem) return { kind: 'usage', message: harnessProblem };

  const target = await launchLoadTarget(settings);
  try {
    const targetLimit = readOpenFilesLimit(target.pid);
    const targetProblem = fileLimitProblem('the target', settings.connections, targetLimit);
    if (targetProblem) return { kind: 'usage', message: targetProblem };
    const serves = await target.describe();
    const upgrade = settings.websocket ?? serves.upgrade;
    const unservable = whyUnservable(settings, serves.http, upgrade) ?? notClearText(settings, serves.protocols);
    if (unservable) return { kind: 'usage', message: unservable };
    const split = splitConnections(settings.connections, settings.mix ?? defaultMix(upgrade));
    const summary = await drive(target, settings, split, version, onProgress, {
      harness: harnessLimit?.soft ?? null,
      target: targetLimit?.soft ?? null,
    });
    return { kind: 'done', summary, stderrTail: target.stderrTail };
  } finally {
    if (target.alive) await target.dispose();
  }
}

/** Load mode drives HTTP and WebSockets: a raw TCP target, or WebSockets asked of a target without them, cannot be. */
function whyUnservable(settings: LoadSettings, http: boolean, upgrade: boolean): string | null {
  if (!http) return `load drives HTTP servers, and ${settings.target} listens for plain TCP; test it with run`;
  if (settings.mix && settings.mix.websocket > 0 && !upgrade) {
    return `--mix asks for WebSockets, but ${settings.target} has no WebSocket endpoint (no 'upgrade' listener, and the config does not say websocket: true); leave websocket out of --mix`;
  }
  return null;
}

/** Load mode's clients speak HTTP/1.1 in clear text: a target that serves only TLS or HTTP/2 cannot take them. */
function notClearText(settings: LoadSettings, protocols: TargetDescription['protocols']): string | null {
  if (protocols.http1) return null;
  return `load drives HTTP/1.1 in clear text, and ${settings.target} serves only TLS or HTTP/2; test it with run`;
}

async function drive(
  target: TargetProcess,
  settings: LoadSettings,
  split: Record<LoadKind, number>,
  version: string,
  onProgress: (progress: LoadProgress) => void,
  openFilesLimit: LoadSummary['harness']['openFilesLimit'],
): Promise<LoadSummary> {
  const tally = new LoadTally(DEFAULT_SETTLE_MS, settings.websocketCloseCodes);
  for (const event of target.stopRetainingEvents()) tally.agentEvent(event);
  target.on('event', (event) => tally.agentEvent(event));

  let origin = performance.now();
  const now = (): number => performance.now() - origin;
  const generator = new LoadGenerator({ host: '127.0.0.1', port: target.port ?? 0, routes: settings.routes }, split, tally, now);

  let exit: Exit | null = null;
  const exited = target.exited.then((e) => {
    exit = e;
    tally.exitAt = now();
  });

  let phase: LoadProgress['phase'] = 'connecting';
  const rss = { harness: 0, target: 0 };
  const cpu = { start: process.cpuUsage(), targetStart: null as number | null, target: null as number | null };
  const report = (): void => {
    rss.harness = Math.max(rss.harness, process.memoryUsage.rss() / 1e6);
    const status = readProcStatus(target.pid);
    rss.target = Math.max(rss.target, status?.rssMb ?? 0);
    if (status && phase !== 'connecting') cpu.target = status.cpuMs;
    onProgress({
      phase,
      elapsedMs: phase === 'connecting' ? 0 : now(),
      durationMs: settings.durationMs,
      opened: generator.opened,
      wanted: generator.wanted,
      sent: tally.sent,
      ...tally.live,
      notSent: tally.notSent,
      rssMb: rss.harness,
    });
  };
  const progress = setInterval(report, PROGRESS_EVERY_MS);

  const nemesis = new Nemesis(target, () => undefined);
  const timers: NodeJS.Timeout[] = [];
  try {
    const openStart = performance.now();
    const openTimeoutMs = Math.max(OPEN_TIMEOUT_MS, settings.connections * OPEN_TIMEOUT_PER_CONNECTION_MS);
    const opening = await Promise.race([
      generator.open().then(() => 'opened' as const),
      exited.then(() => 'exited' as const),
      new Promise<'timeout'>((resolve) => timers.push(setTimeout(() => resolve('timeout'), openTimeoutMs))),
    ]);
    const openMs = performance.now() - openStart;
    if (opening === 'timeout') {
      tally.problem(`only ${generator.opened} of ${generator.wanted} connections opened within ${Math.round(openTimeoutMs / 1000)} s`);
    } else if (opening === 'opened') {
      origin = performance.now();
      cpu.start = process.cpuUsage();
      cpu.targetStart = readProcStatus(target.pid)?.cpuMs ?? null;
      phase = 'loading';
      generator.start(settings.ratePerSec);
      timers.push(
        setTimeout(() => {
          if (exit !== null) return;
          phase = 'draining';
          tally.markSignal(now(), generator.openWebSockets());
          nemesis.signal(settings.signal, 1);
          timers.push(
            setTimeout(() => {
              if (exit !== null) return;
              tally.killAt = now();
              nemesis.killAtDeadline();
            }, settings.graceMs),
          );
        }, settings.signalAtMs),
      );
      await exited;
    }
    if (opening !== 'timeout' && tally.signalAt === null) tally.problem(diedBeforeSignal(exit, phase));
    generator.stop();
    const cpuUsed = process.cpuUsage(cpu.start);
    await settle(generator);
    await generator.close();
    report();
    return summarize(tally.totals(), {
      version,
      target: settings.target,
      settings: summarySettings({
        connections: settings.connections,
        split,
        ratePerSec: settings.ratePerSec,
        durationMs: settings.durationMs,
        signalAtMs: settings.signalAtMs,
        graceMs: settings.graceMs,
        signal: settings.signal,
        strict: settings.strict,
      }),
      openMs,
      exit,
      allowedExitCodes: settings.allowedExitCodes ?? [0, 128 + SIGNAL_NUMBERS[settings.signal]],
      cleanCloseCodes: settings.websocketCloseCodes,
      harness: {
        rssMaxMb: Math.round(rss.harness),
        targetRssMaxMb: rss.target > 0 ? Math.round(rss.target) : null,
        cpuMs: Math.round((cpuUsed.user + cpuUsed.system) / 1000),
        // The last sample before the exit: a process gone takes its counters with it.
        targetCpuMs: cpu.target !== null && cpu.targetStart !== null ? cpu.target - cpu.targetStart : null,
        openFilesLimit,
      },
    });
  } finally {
    clearInterval(progress);
    for (const timer of timers) clearTimeout(timer);
    generator.stop();
  }
}

function diedBeforeSignal(exit: Exit | null, phase: LoadProgress['phase']): string {
  const how = exit?.signal ? `was killed by ${exit.signal}` : `exited with code ${exit?.code}`;
  const when = phase === 'connecting' ? 'while the connections were being opened' : 'under load, before the signal';
  return `the target ${how} ${when}`;
}

/** Waits until no request is in flight (each sees its connection end once the target is gone), bounded. */
async function settle(generator: LoadGenerator): Promise<void> {
  const end = performance.now() + SETTLE_AFTER_EXIT_MS;
  while (generator.inFlight() > 0 && performance.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * A process's resident set (MB) and CPU time so far (ms), from /proc (Linux); null where /proc does
 * not tell. CPU time is utime + stime of /proc/<pid>/stat, in clock ticks of 10 ms (USER_HZ 100).
 */
function readProcStatus(pid: number): { rssMb: number; cpuMs: number } | null {
  try {
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    // The fields after the command name, which may itself hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return rss && Number.isFinite(ticks) ? { rssMb: Number(rss[1]) / 1024, cpuMs: ticks * 10 } : null;
  } catch {
    return null;
  }
}
