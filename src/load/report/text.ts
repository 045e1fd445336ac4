/** What a person reads in the terminal during and after a load run. Pure. */
import { OUTCOMES } from '../../history/events.js';
import { describeSplit, LOAD_KINDS } from '../mix.js';
import type { LoadProgress } from '../settings.js';
import { ms, n } from '../numbers.js';
import type { LoadInvariant, LoadSummary } from '../summary.js';
import type { Percentiles } from '../stats.js';
import { markerLine, sparkline } from './sparkline.js';
import { failsTheRun } from '../../checkers/verdict.js';

const WIDTH = 60;

export function formatLoadProgress(p: LoadProgress): string {
  const barWidth = 24;
  if (p.phase === 'connecting') {
    const done = Math.round((p.opened / Math.max(1, p.wanted)) * barWidth);
    return `[${'#'.repeat(done)}${'-'.repeat(barWidth - done)}] connecting ${n(p.opened)}/${n(p.wanted)} · RSS ${Math.round(p.rssMb)} MB`;
  }
  const done = Math.min(barWidth, Math.round((p.elapsedMs / Math.max(1, p.durationMs)) * barWidth));
  const when = `${p.phase} ${(p.elapsedMs / 1000).toFixed(1)} s`;
  const counts = `${n(p.sent)} sent · ${n(p.answered)} answered · ${n(p.failed)} failed · ${n(p.refused)} refused · ${n(p.notSent)} not sent`;
  return `[${'#'.repeat(done)}${'-'.repeat(barWidth - done)}] ${when} · ${counts} · RSS ${Math.round(p.rssMb)} MB   `;
}

const MARK: Record<LoadInvariant['verdict'], string> = { holds: 'ok', violated: 'FAIL', 'not-applicable': '--' };

function percentileRow(name: string, p: Percentiles): string {
  const cells = [p.p50, p.p90, p.p99, p.p999, p.max].map((v) => latency(v).padEnd(9));
  return `  ${name.padEnd(11)}${cells.join('')}${n(p.count)}`;
}

function latency(value: number): string {
  return value < 10 ? `${value.toFixed(2)} ms` : ms(value);
}

/** A load run's summary as a person reads it at the end, as `shutdown-check load` prints it. */
export function formatLoadReport(s: LoadSummary): string {
  const { settings: st } = s;
  const lines: string[] = [];
  lines.push(`shutdown-check ${s.tool.version} load: ${s.target}`);
  lines.push(
    `  ${n(st.connections)} connections (${describeSplit(st.split)}) · ${n(st.ratePerSec)} sends/s for ${ms(st.durationMs)} · ${st.signal} at ${ms(st.signalAtMs)} · grace ${ms(st.graceMs)}`,
    '',
  );
  const c = s.connections;
  lines.push(
    `connections  ${n(c.opened)} of ${n(c.wanted)} opened in ${ms(c.openMs)} · after the signal: ${n(c.attemptsAfterSignal)} attempts, ${n(c.refusedAfterSignal)} refused, ${n(c.acceptedAfterSignal)} accepted` +
      (c.acceptedAfterListenersClosed ? ` · ${n(c.acceptedAfterListenersClosed)} accepted after the listener closed` : ''),
  );
  const d = s.sends;
  lines.push(
    `sends        ${n(d.sent)} requests, ${n(d.messages)} WebSocket messages · ${n(d.notSent)} not sent (every connection busy)` +
      (d.heldBack > 0 ? ` · ${n(d.heldBack)} held back while the target refused connections` : '') +
      ` · ${n(d.late)} sent over 10 ms late`,
  );
  lines.push(`outcomes     ${OUTCOMES.map((o) => `${o} ${n(s.outcomes[o])}`).join(' · ')}`);
  if (s.websockets.opened > 0 || st.split.websocket > 0) {
    const closes = Object.entries(s.websockets.closes).map(([code, count]) => `${code}: ${n(count)}`);
    lines.push(
      `websockets   ${n(s.websockets.opened)} opened · ${n(s.websockets.openAtSignal)} open at the signal · closed after it with ${closes.length > 0 ? closes.join(', ') : 'nothing'}`,
    );
  }
  lines.push('');
  lines.push(`latency      ${['p50', 'p90', 'p99', 'p99.9', 'max'].map((h) => h.padEnd(9)).join('')}answered (from the scheduled send)`);
  lines.push(percentileRow('all', s.latency.all));
  for (const kind of LOAD_KINDS) {
    const p = s.latency[kind];
    if (p) lines.push(percentileRow(kind, p));
  }
  lines.push('');
  const t = s.throughput;
  const peak = Math.max(0, ...t.answered);
  lines.push(`throughput   answered per ${t.bucketMs} ms (peak ${n(peak)}); failed below; S signal, X exit, K SIGKILL`);
  lines.push(`  ${sparkline(t.answered, WIDTH)}`);
  if (t.failed.some((v) => v > 0)) lines.push(`  ${sparkline(t.failed, WIDTH)}`);
  const bucket = (at: number | null): number | null => (at === null ? null : Math.floor(at / t.bucketMs));
  const marks = [
    { bucket: bucket(s.shutdown.signalAtMs), letter: 'S' },
    { bucket: bucket(s.shutdown.exitAtMs), letter: s.shutdown.killed ? 'K' : 'X' },
  ].filter((m): m is { bucket: number; letter: string } => m.bucket !== null);
  lines.push(`  ${markerLine(t.answered.length, WIDTH, marks)}`);
  lines.push('');
  lines.push(`shutdown     ${shutdownLine(s)}`);
  const h = s.harness;
  const files = `open files: harness ${h.openFilesLimit.harness === null ? '?' : n(h.openFilesLimit.harness)}, target ${h.openFilesLimit.target === null ? '?' : n(h.openFilesLimit.target)}`;
  const cpu = `CPU ${ms(h.cpuMs)} (target ${h.targetCpuMs === null ? '?' : ms(h.targetCpuMs)})`;
  lines.push(`harness      RSS ${n(h.rssMaxMb)} MB (target ${h.targetRssMaxMb === null ? '?' : `${n(h.targetRssMaxMb)} MB`}) · ${cpu} · ${files}`);
  // A run cut short judges only what it saw fail: that nothing else did proves nothing.
  const shown = s.problems.length > 0 ? s.invariants.filter((r) => r.verdict === 'violated') : s.invariants;
  lines.push('', s.problems.length > 0 ? 'invariants (what failed before the run was cut short)' : 'invariants');
  const width = Math.max(0, ...shown.map((r) => r.id.length));
  for (const r of shown) {
    const mark = r.verdict === 'violated' && r.severity === 'warning' ? 'warn' : MARK[r.verdict];
    lines.push(`  ${mark.padEnd(4)} ${r.id.padEnd(width)}  ${r.text}`);
  }
  lines.push('', `verdict: ${s.verdict}${verdictReason(s)}`);
  return lines.join('\n');
}

function shutdownLine(s: LoadSummary): string {
  const sh = s.shutdown;
  if (sh.signalAtMs === null) return 'no signal was sent';
  const exit = sh.exit ? (sh.exit.signal ? `killed by ${sh.exit.signal}` : `exit code ${sh.exit.code}`) : 'no exit seen';
  const after = sh.signalToExitMs === null ? '' : ` · exited ${ms(sh.signalToExitMs)} later`;
  return `${s.settings.signal} at ${ms(sh.signalAtMs)}${after}${sh.killed ? ' (SIGKILL at the end of the grace period)' : ''} · ${exit}`;
}

function verdictReason(s: LoadSummary): string {
  if (s.verdict === 'error') return ` — ${s.problems.join('; ')}`;
  const broken = s.invariants.filter((r) => r.verdict === 'violated' && failsTheRun(r.severity, s.settings.strict));
  if (s.verdict !== 'fail') return '';
  return ` — ${broken.map((r) => `${r.id} ${n(r.count)}`).join(', ')}`;
}
