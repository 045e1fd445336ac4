/**
 * The harness's memory per concurrent run: the same fixed search (reference.js, one seed, the same
 * number of runs) at --concurrency 1, 2 and 4, the command line's peak resident memory (VmHWM, read
 * from /proc every 50 ms) at each, and the least-squares slope over the three: what one more run at
 * once costs the harness. The targets it starts are measured apart (the peak of their summed VmRSS),
 * since they are the user's processes, not the harness's.
 *
 * The goal, 50 MB per concurrent run, is a little under what one target costs (a Node process with
 * the agent and `ws` loaded: the targets' own slope, shown beside it, about 60 MB here): the harness
 * should not need more to drive a run than the process it drives, so that what a concurrent search
 * needs in memory is bounded by its targets.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runNode, STARTUP_TIMEOUT_MS } from '../lib/process.mjs';
import { slope } from '../lib/stats.mjs';

const RUNS = 20;
const SEED = 20_261_122;
const CONCURRENCY = [1, 2, 4];
const GOAL_MB = 50;

export async function measure({ root, cli, log }) {
  const points = [];
  for (const concurrency of CONCURRENCY) {
    const out = mkdtempSync(path.join(tmpdir(), 'shutdown-check-bench-'));
    const args = [cli, '--target', path.join(root, 'scenarios/reference.js'), '--runs', String(RUNS), '--seed', String(SEED)];
    args.push('--concurrency', String(concurrency), '--startup-timeout', `${STARTUP_TIMEOUT_MS}ms`, '--reporter', 'json', '--out', out);
    const run = await runNode(args, { sampleMemory: true });
    if (run.status !== 0) throw new Error(`the search at --concurrency ${concurrency} exited with ${run.status}: ${run.stderr.trim()}`);
    log(`--concurrency ${concurrency}: harness peak ${run.peakMb.toFixed(1)} MB, targets' peak ${run.childrenPeakMb.toFixed(1)} MB, ${(run.wallMs / 1000).toFixed(1)} s`);
    points.push({ concurrency, harnessMb: run.peakMb, targetsMb: run.childrenPeakMb });
  }
  const perRun = slope(points.map((p) => ({ x: p.concurrency, y: p.harnessMb })));
  const targetsPerRun = slope(points.map((p) => ({ x: p.concurrency, y: p.targetsMb })));
  const list = (key) => points.map((p) => `${Math.round(p[key])}`).join(' / ');
  return [
    {
      measurement: `harness peak RSS, ${RUNS}-run search of reference.js at --concurrency ${CONCURRENCY.join(' / ')}`,
      value: `${list('harnessMb')} MB (its targets at once: ${list('targetsMb')} MB)`,
      goal: 'reference',
      met: true,
    },
    {
      measurement: 'harness RSS per concurrent run (least-squares slope over the three)',
      value: `${perRun.toFixed(1)} MB (targets: ${targetsPerRun.toFixed(1)} MB per run)`,
      goal: `<= ${GOAL_MB} MB (one target's RSS)`,
      met: perRun <= GOAL_MB,
    },
  ];
}
