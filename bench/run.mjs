/**
 * npm run bench [-- <name> ...]: runs every measurement in bench/measurements/ (or those named), after
 * the build, and prints one table — measurement | value | goal | met? — which it also writes to
 * reports/bench.md with the machine it ran on.
 *
 * A measurement is one file in bench/measurements/ exporting `measure(context)`, which resolves to
 * rows `{ measurement, value, goal, met }` (value and goal as text). Adding a measurement is adding a file.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeMachine } from './lib/machine.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = path.join(root, 'bench', 'measurements');
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.mjs$/, '')))
  .sort();
if (files.length === 0) {
  console.error(`bench: no measurement named ${wanted.join(', ')}; the measurements are ${readdirSync(dir).join(', ')}`);
  process.exit(2);
}

const context = {
  root,
  cli: path.join(root, 'bin', 'shutdown-check.js'),
  /** progress lines go to stderr, so that stdout is the table */
  log: (line) => process.stderr.write(`  ${line}\n`),
};

const machine = describeMachine();
process.stderr.write(`bench on ${machine}\n`);

const rows = [];
for (const file of files) {
  process.stderr.write(`${file}:\n`);
  const { measure } = await import(pathToFileURL(path.join(dir, file)).href);
  try {
    rows.push(...(await measure(context)));
  } catch (error) {
    rows.push({ measurement: file.replace(/\.mjs$/, ''), value: `failed: ${error instanceof Error ? error.message : error}`, goal: '', met: false });
  }
}

const header = ['measurement', 'value', 'goal', 'met?'];
const cells = rows.map((r) => [r.measurement, r.value, r.goal, r.met ? 'yes' : 'no']);
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
const line = (c) => c.map((v, i) => v.padEnd(widths[i])).join(' | ');
console.log([line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n'));

const md = [
  '# shutdown-check bench',
  '',
  `Run ${new Date().toISOString()} on ${machine}.`,
  '',
  `| ${header.join(' | ')} |`,
  `| ${header.map(() => '---').join(' | ')} |`,
  ...cells.map((c) => `| ${c.join(' | ')} |`),
  '',
];
mkdirSync(path.join(root, 'reports'), { recursive: true });
writeFileSync(path.join(root, 'reports', 'bench.md'), md.join('\n'));
console.log(`\nreports/bench.md written`);
