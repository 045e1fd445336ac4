/**
 * Load mode holding 10,000 keep-alive connections and 1,000 WebSockets against a trivial target on
 * one machine, signalled mid-load: every connection must open, every WebSocket must get its close
 * frame, and the harness must stay within 500 MB of resident memory.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const KEEP_ALIVE = 10_000;
const WEBSOCKETS = 1000;
const RSS_GOAL_MB = 500;

export async function measure({ root, cli, log }) {
  const out = mkdtempSync(path.join(tmpdir(), 'shutdown-check-bench-'));
  const args = [cli, 'load', '--target', path.join(root, 'bench/targets/hello.js'), '--connections', String(KEEP_ALIVE + WEBSOCKETS)];
  args.push('--mix', `keep-alive=${KEEP_ALIVE},websocket=${WEBSOCKETS}`, '--rate', '2000', '--duration', '10s', '--signal-at', '8s');
  args.push('--startup-timeout', '60s', '--reporter', 'json', '--out', out);
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (run.status === null || run.status > 1) throw new Error(`load exited with ${run.status}: ${run.stderr.trim()}`);
  const s = JSON.parse(readFileSync(path.join(out, 'load.json'), 'utf8'));
  const fmt = (v) => v.toLocaleString('en-US');
  log(`opened ${s.connections.opened} in ${s.connections.openMs} ms; ${s.sends.sent} requests, ${s.sends.messages} messages; verdict ${s.verdict}`);
  log(`open files: harness ${s.harness.openFilesLimit.harness}, target ${s.harness.openFilesLimit.target}`);
  const ws = s.invariants.find((r) => r.id === 'websocket-going-away');
  return [
    {
      measurement: `connections held (${fmt(KEEP_ALIVE)} keep-alive + ${fmt(WEBSOCKETS)} WebSocket)`,
      value: `${fmt(s.connections.opened)} opened in ${(s.connections.openMs / 1000).toFixed(1)} s`,
      goal: fmt(KEEP_ALIVE + WEBSOCKETS),
      met: s.connections.opened === KEEP_ALIVE + WEBSOCKETS,
    },
    {
      measurement: 'WebSockets closed with 1001/1012 after the signal',
      value: `${fmt(ws.of - ws.count)} of ${fmt(ws.of)}`,
      goal: `${fmt(WEBSOCKETS)} of ${fmt(WEBSOCKETS)}`,
      met: ws.of === WEBSOCKETS && ws.count === 0,
    },
    {
      measurement: 'harness RSS with 11,000 connections held',
      value: `${fmt(s.harness.rssMaxMb)} MB (target ${s.harness.targetRssMaxMb ?? '?'} MB)`,
      goal: `<= ${RSS_GOAL_MB} MB`,
      met: s.harness.rssMaxMb <= RSS_GOAL_MB,
    },
  ];
}
