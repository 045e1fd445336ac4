/**
 * The reference strategy under load, ten times: not one request may fail in an error class (a
 * warning — the keep-alive race no server can remove alone — is counted apart). And, for contrast, the
 * broken exit-at-once strategy once, whose failures must show by class.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const RUNS = 10;
const LOAD = ['--connections', '200', '--rate', '1000', '--duration', '4s', '--signal-at', '2s', '--startup-timeout', '60s'];

function load({ root, cli }, strategy) {
  const out = mkdtempSync(path.join(tmpdir(), 'shutdown-check-bench-'));
  const args = [cli, 'load', '--target', path.join(root, 'scenarios', strategy), ...LOAD, '--reporter', 'json', '--out', out];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (run.status === null || run.status > 1) throw new Error(`load of ${strategy} exited with ${run.status}: ${run.stderr.trim()}`);
  return { status: run.status, summary: JSON.parse(readFileSync(path.join(out, 'load.json'), 'utf8')) };
}

const errorCount = (summary) =>
  summary.invariants.filter((r) => r.severity === 'error' && r.verdict === 'violated').reduce((sum, r) => sum + r.count, 0);
const warningCount = (summary) =>
  summary.invariants.filter((r) => r.severity === 'warning' && r.verdict === 'violated').reduce((sum, r) => sum + r.count, 0);

export async function measure(context) {
  let errors = 0;
  let warnings = 0;
  let requests = 0;
  for (let i = 0; i < RUNS; i++) {
    const { summary } = load(context, 'reference.js');
    errors += errorCount(summary);
    warnings += warningCount(summary);
    requests += summary.sends.sent;
    const broken = summary.invariants.filter((r) => r.verdict === 'violated').map((r) => `${r.id} ${r.count}`);
    context.log(`reference run ${i + 1}: ${summary.sends.sent} requests, ${summary.verdict}${broken.length ? ` (${broken.join(', ')})` : ''}`);
  }
  const broken = load(context, 'exit-at-once.js');
  const classes = Object.entries(broken.summary.faults).filter(([, count]) => count > 0);
  context.log(`exit-at-once: ${classes.map(([fault, count]) => `${fault} ${count}`).join(', ')}`);
  return [
    {
      measurement: `reference.js, ${RUNS} loaded runs (${LOAD.join(' ')}): failures in an error class`,
      value: `${errors} of ${requests.toLocaleString('en-US')} requests (warnings: ${warnings})`,
      goal: '0',
      met: errors === 0,
    },
    {
      measurement: 'exit-at-once.js, one loaded run: failures by class',
      value: classes.map(([fault, count]) => `${fault} ${count}`).join(', ') || 'none',
      goal: 'some in an error class, exit 1',
      met: broken.status === 1 && errorCount(broken.summary) > 0,
    },
  ];
}
