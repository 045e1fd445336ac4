import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The newest modification time of any file under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/**
 * The e2e tests run the real command line, which runs the compiled code: build it first, unless dist/
 * is already newer than every source. Rebuilding rewrites files that a command running elsewhere
 * from dist/ (a long search, another suite) may be loading at that moment.
 */
export default function setup(): void {
  const built = path.join('dist', 'index.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newest('src')) return;
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
