/**
 * load.html: one self-contained page (no script, no external file) with a load run's numbers and its
 * throughput chart. Pure.
 */
import { OUTCOMES } from '../../history/events.js';
import { LOAD_FAULTS } from '../invariants.js';
import { describeSplit, LOAD_KINDS } from '../mix.js';
import { ms, n } from '../numbers.js';
import type { LoadSummary } from '../summary.js';
import { escapeXml as esc, throughputSvg, type ChartMark } from './throughput-svg.js';

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:860px;color:#212529}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #e9ecef}
td.num{text-align:right;font-variant-numeric:tabular-nums}.pass{color:#2b8a3e}.fail,.violated{color:#c92a2a}
.error{color:#e67700}.warning.violated{color:#e67700}`;

function table(head: string[], rows: string[][], numeric: number[] = []): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((cell, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${esc(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><tr>${th}</tr>\n${body}</table>`;
}

export function loadHtml(s: LoadSummary): string {
  const st = s.settings;
  const marks: ChartMark[] = [];
  if (s.shutdown.signalAtMs !== null) marks.push({ atMs: s.shutdown.signalAtMs, label: st.signal });
  if (s.shutdown.exitAtMs !== null) marks.push({ atMs: s.shutdown.exitAtMs, label: s.shutdown.killed ? 'SIGKILL' : 'exit' });
  const latencyRows = (['all', ...LOAD_KINDS] as const).flatMap((kind) => {
    const p = s.latency[kind];
    return p ? [[kind, ...[p.p50, p.p90, p.p99, p.p999, p.max].map((v) => `${v.toFixed(2)} ms`), n(p.count)]] : [];
  });
  const invariantRows = s.invariants
    .map(
      (r) =>
        `<tr class="${r.severity} ${r.verdict}"><td>${esc(r.id)}</td><td>${r.severity}</td><td class="${r.verdict}">${r.verdict}</td><td class="num">${n(r.count)}</td><td class="num">${n(r.of)}</td><td>${esc(r.text)}</td></tr>`,
    )
    .join('\n');
  const sh = s.shutdown;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>shutdown-check load: ${esc(s.target)}</title><style>${STYLE}</style></head>
<body>
<h1>Load: ${esc(s.target)} — <span class="${s.verdict}">${s.verdict}</span></h1>
<p>${n(st.connections)} connections (${esc(describeSplit(st.split))}), ${n(st.ratePerSec)} sends/s open loop for ${ms(st.durationMs)};
${st.signal} at ${ms(st.signalAtMs)}, grace period ${ms(st.graceMs)}. shutdown-check ${esc(s.tool.version)}.</p>
${s.problems.map((p) => `<p class="error">Could not judge the run: ${esc(p)}</p>`).join('\n')}
<h2>Throughput</h2>
${throughputSvg(s.throughput, marks)}
<p>Per ${s.throughput.bucketMs} ms bucket, shown per second. ${sh.signalToExitMs !== null ? `Exited ${ms(sh.signalToExitMs)} after the signal${sh.killed ? ', by SIGKILL' : ''}.` : ''}</p>
<h2>Invariants</h2>
<table><tr><th>invariant</th><th>severity</th><th>verdict</th><th>count</th><th>of</th><th></th></tr>
${invariantRows}</table>
<h2>Outcomes</h2>
${table(['outcome', ...LOAD_KINDS, 'all'], OUTCOMES.map((o) => [o, ...LOAD_KINDS.map((k) => n(s.outcomesByKind[k][o])), n(s.outcomes[o])]), [1, 2, 3, 4, 5])}
${table(['failed requests by invariant', 'count'], LOAD_FAULTS.map((f) => [f, n(s.faults[f])]), [1])}
<h2>Latency</h2>
${table(['kind', 'p50', 'p90', 'p99', 'p99.9', 'max', 'answered'], latencyRows, [1, 2, 3, 4, 5, 6])}
<h2>Connections and sends</h2>
${table(
  ['', 'count'],
  [
    ['connections opened', `${n(s.connections.opened)} of ${n(s.connections.wanted)} in ${ms(s.connections.openMs)}`],
    ['connection attempts after the signal', n(s.connections.attemptsAfterSignal)],
    ['accepted after the signal', n(s.connections.acceptedAfterSignal)],
    ['refused after the signal', n(s.connections.refusedAfterSignal)],
    ['requests sent', n(s.sends.sent)],
    ['WebSocket messages sent', n(s.sends.messages)],
    ['not sent (every connection busy)', n(s.sends.notSent)],
    ['held back while the target refused connections', n(s.sends.heldBack)],
    ['sent over 10 ms late', n(s.sends.late)],
    ['WebSockets open at the signal', n(s.websockets.openAtSignal)],
    ['harness RSS (max)', `${n(s.harness.rssMaxMb)} MB`],
    ['target RSS (max)', s.harness.targetRssMaxMb === null ? '?' : `${n(s.harness.targetRssMaxMb)} MB`],
    ['harness CPU during the load', ms(s.harness.cpuMs)],
    ['target CPU during the load', s.harness.targetCpuMs === null ? '?' : ms(s.harness.targetCpuMs)],
  ],
  [1],
)}
</body>
</html>
`;
}
