/**
 * The false-positive soak's figure, as `npm run soak` last recorded it in reports/soak.md: the soak
 * takes far longer than the bench should, so the bench does not run it; it reports the recorded figure
 * and its date. Met when the soak ran at least 1,000 runs, none violated an invariant and every run
 * reached a verdict.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const RUNS = 1000;

export async function measure({ root }) {
  const { readFigure } = await import(pathToFileURL(path.join(root, 'scripts/soak.mjs')).href);
  const file = path.join(root, 'reports/soak.md');
  const figure = existsSync(file) ? readFigure(readFileSync(file, 'utf8')) : null;
  const measurement = 'false-positive soak of reference.js (npm run soak, as recorded in reports/soak.md)';
  const goal = `0 violations, no undecided search, >= ${RUNS.toLocaleString('en-US')} runs`;
  if (figure === null) return [{ measurement, value: 'not yet run', goal, met: false }];
  const fmt = (v) => v.toLocaleString('en-US');
  return [
    {
      measurement,
      value: `${fmt(figure.violations)} violations, ${fmt(figure.warnings ?? 0)} warnings, ${fmt(figure.unknown)} undecided searches in ${fmt(figure.runs)} runs of ${figure.target} (recorded ${figure.date.slice(0, 10)}, ${Math.round(figure.wallMs / 1000)} s)`,
      goal,
      met: figure.runs >= RUNS && figure.violations === 0 && (figure.warnings ?? 0) === 0 && figure.unknown === 0,
    },
  ];
}
