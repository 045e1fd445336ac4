/**
 * Part of the build: the agent, about twenty small ES modules under dist/target/agent/, made into one
 * file, dist/target/agent/bundle.mjs, which the harness preloads into every target. Node's ES module
 * loader resolves, reads and links each module of an `--import` on its own, and every run of a search
 * starts a target: one file saves that work on each start (about 20 ms of the 150 ms a bare Node
 * needs, on the bench machine). The modules stay the source of truth, and a launch from the sources
 * (the tests, through vitest) preloads them as they are.
 *
 * The bundle sits beside the modules so that what the agent resolves from its own location
 * (@sinonjs/fake-timers, required through createRequire(import.meta.url), and only under the virtual
 * clock) is found as before; any package stays outside the bundle (`packages: 'external'`).
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** @param {string} file */
const agent = (file) => fileURLToPath(new URL(`../dist/target/agent/${file}`, import.meta.url));

await build({
  entryPoints: [agent('preload.mjs')],
  outfile: agent('bundle.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
