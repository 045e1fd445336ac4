import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The extensions Node 20 cannot run by itself: it has no type stripping (that came in Node 22.6). */
const TYPESCRIPT = /\.(?:ts|mts|cts|tsx)$/i;

export const TYPESCRIPT_LOADER = 'tsx';

/**
 * What a target's entry needs before `node` can run it: nothing (JavaScript), a TypeScript loader's
 * URL for `--import`, or a loader that is not installed.
 */
export type EntryLoader = { kind: 'none' } | { kind: 'loader'; url: string } | { kind: 'loader-missing'; loader: string };

/**
 * Where `specifier` resolves for the project, as its own code would find it: through the node_modules
 * chain of each folder in turn; null when none reaches it. Used for the project's tsx, never this
 * package's: the version a project runs is its own.
 */
export function resolveInProject(specifier: string, folders: readonly string[]): string | null {
  for (const folder of folders) {
    try {
      return createRequire(path.join(folder, 'noop.js')).resolve(specifier);
    } catch {
      // not installed where this folder's node_modules chain reaches: try the next
    }
  }
  return null;
}

/**
 * tsx is looked for from the entry's folder up, then from the folder the target runs in. Its package
 * entry (`tsx`, as `node --import tsx` loads it) registers both the ESM and the CommonJS hooks.
 * Passing its resolved URL, not the bare name, lets it be found from the entry even when the target's
 * working folder is elsewhere: `--import` resolves bare names from the working folder only.
 */
export function entryLoader(entry: string, cwd: string): EntryLoader {
  if (!TYPESCRIPT.test(entry)) return { kind: 'none' };
  const loader = resolveInProject(TYPESCRIPT_LOADER, [path.dirname(entry), cwd]);
  return loader === null ? { kind: 'loader-missing', loader: TYPESCRIPT_LOADER } : { kind: 'loader', url: pathToFileURL(loader).href };
}
