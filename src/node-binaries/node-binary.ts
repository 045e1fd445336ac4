/**
 * The Node binaries a search may run its target under, fetched from the npm registry (the only network
 * the harness may count on): `npm view` lists the releases of the platform's package, `npm pack`
 * fetches one, tar takes bin/node out of it. Each is kept in a cache folder, one folder per release,
 * put in place by a rename once it is whole and has answered `--version`: a fetch cut short, or
 * one that failed, leaves nothing a later run would take for a binary.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runHelper, type HelperResult } from './helper-process.js';
import { nodePackageName } from './platform-package.js';
import { newestMatching, parseNodeVersions, preloadsWithImport, publishedMajors, specMatches } from './version-spec.js';

/** Where the binaries are kept, when set: in place of $XDG_CACHE_HOME/shutdown-check/node. */
export const NODE_CACHE_ENV = 'SHUTDOWN_CHECK_NODE_CACHE';

/** One Node release, ready to run. */
export interface NodeBinary {
  /** as named: `22` */
  spec: string;
  /** the release: `22.12.0` */
  version: string;
  /** the executable */
  path: string;
}

export type NodeBinaries = { kind: 'ready'; binaries: NodeBinary[] } | { kind: 'failed'; line: string };

/** The cache folder: $SHUTDOWN_CHECK_NODE_CACHE, else $XDG_CACHE_HOME/shutdown-check/node, else ~/.cache/…. */
export function nodeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const own = env[NODE_CACHE_ENV];
  if (own !== undefined && own !== '') return path.resolve(own);
  const base = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'shutdown-check', 'node');
}

/**
 * The binaries for a list as given to --node (`20,22,24`), in its order: the running Node for a version
 * it is, a cached binary for a release already fetched, else the newest matching release fetched from
 * the registry. The registry is asked only when something is not at hand. One line when any fails.
 */
export async function nodeBinaries(list: string, cacheDir: string = nodeCacheDir()): Promise<NodeBinaries> {
  const read = parseNodeVersions(list);
  if (!read.ok) return { kind: 'failed', line: read.message };
  const pkg = nodePackageName(process.platform, process.arch);
  const running = process.version.slice(1);
  const binaries: NodeBinary[] = [];
  let published: string[] | null = null;
  for (const spec of read.specs) {
    // The running Node is of the line asked for: it is used as it is, without the registry, though a
    // newer release of its line may be published; the matrix shows the release it really is.
    if (specMatches(spec, running)) {
      binaries.push({ spec: spec.text, version: running, path: process.execPath });
      continue;
    }
    if (pkg === null) return { kind: 'failed', line: `--node ${spec.text}: the npm registry has no Node binary for ${process.platform}-${process.arch}; leave --node out to use the running Node (${running})` };
    const exact = spec.patch !== null ? `${spec.major}.${spec.minor ?? 0}.${spec.patch}` : null;
    if (exact !== null && existsSync(binaryPath(cacheDir, pkg, exact))) {
      binaries.push({ spec: spec.text, version: exact, path: binaryPath(cacheDir, pkg, exact) });
      continue;
    }
    if (published === null) {
      const listed = await publishedReleases(pkg);
      if (typeof listed === 'string') return { kind: 'failed', line: `--node ${spec.text}: ${listed}` };
      published = listed;
    }
    const version = newestMatching(spec, published);
    if (version === null) return { kind: 'failed', line: `--node ${spec.text}: no such Node release in the npm registry (${pkg} has majors ${publishedMajors(published)})` };
    if (!preloadsWithImport(version)) return { kind: 'failed', line: `--node ${spec.text}: Node ${version} cannot preload the agent (--import came in Node 19.0 and 18.18); give 18.18 or later` };
    const fetched = await cachedBinary(cacheDir, pkg, version);
    if (fetched.kind === 'failed') return { kind: 'failed', line: `--node ${spec.text}: ${fetched.line}` };
    binaries.push({ spec: spec.text, version, path: fetched.path });
  }
  return { kind: 'ready', binaries };
}

function binaryPath(cacheDir: string, pkg: string, version: string): string {
  return path.join(cacheDir, `${pkg}-${version}`, 'node');
}

/** The releases the registry has of `pkg`, or why they cannot be listed. */
async function publishedReleases(pkg: string): Promise<string[] | string> {
  const result = await runHelper('npm', ['view', pkg, 'versions', '--json']);
  const failed = helperFailure('npm view', result);
  if (failed !== null) return `cannot list the Node releases in the npm registry (${failed}); check the network and the npm config's registry`;
  if (result.kind !== 'exited') return 'npm view gave nothing';
  try {
    const parsed: unknown = JSON.parse(result.stdout);
    const list = typeof parsed === 'string' ? [parsed] : parsed;
    if (Array.isArray(list) && list.every((v): v is string => typeof v === 'string')) return list;
  } catch {
    // answered below
  }
  return `npm view ${pkg} versions answered something other than a list of versions`;
}

type Fetched = { kind: 'fetched'; path: string } | { kind: 'failed'; line: string };

/** The executable of `version`, from the cache or fetched into it; else why it cannot be had. */
async function cachedBinary(cacheDir: string, pkg: string, version: string): Promise<Fetched> {
  const final = binaryPath(cacheDir, pkg, version);
  if (existsSync(final)) return { kind: 'fetched', path: final };
  const failed = (line: string): Fetched => ({ kind: 'failed', line });
  try {
    await mkdir(cacheDir, { recursive: true });
  } catch (error) {
    return failed(`cannot make the cache folder ${cacheDir} (${error instanceof Error ? error.message : String(error)}); set ${NODE_CACHE_ENV} to a folder that can be written`);
  }
  await removeAbandonedFetches(cacheDir);
  // The temporary folder is in the cache folder, so that the rename that puts it in place is atomic.
  const work = await mkdtemp(path.join(cacheDir, `${FETCH_PREFIX}${version}-`));
  try {
    const packed = await runHelper('npm', ['pack', `${pkg}@${version}`, '--pack-destination', work, '--silent']);
    const packFailed = helperFailure('npm pack', packed);
    if (packFailed !== null) return failed(`cannot fetch ${pkg}@${version} from the npm registry (${packFailed})`);
    const tarball = (await readdir(work)).find((f) => f.endsWith('.tgz'));
    if (tarball === undefined) return failed(`npm pack ${pkg}@${version} left no tarball`);
    const release = path.join(work, 'release');
    await mkdir(release);
    const untarred = await runHelper('tar', ['-xzf', path.join(work, tarball), '-C', release, '--strip-components=2', 'package/bin/node']);
    const tarFailed = helperFailure('tar', untarred);
    if (tarFailed !== null) return failed(`cannot take bin/node out of ${pkg}@${version} (${tarFailed})`);
    const answered = await runHelper(path.join(release, 'node'), ['--version']);
    const runFailed = helperFailure('node --version', answered);
    if (runFailed !== null) return failed(`the Node ${version} binary does not run on this machine (${runFailed})`);
    if (answered.kind === 'exited' && answered.stdout.trim() !== `v${version}`) return failed(`the binary of ${pkg}@${version} says it is ${answered.stdout.trim()}`);
    try {
      await rename(release, path.dirname(final));
    } catch (error) {
      // Another harness put the same release in place first: theirs is as good.
      if (!existsSync(final)) throw error;
    }
    return { kind: 'fetched', path: final };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const FETCH_PREFIX = '.fetch-';
/** A fetch takes seconds; one whose folder is an hour old belonged to a harness killed mid-fetch (SIGKILL). */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** Removes what harnesses killed in the middle of a fetch left: never taken for a binary, but 50 MB each. */
async function removeAbandonedFetches(cacheDir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(cacheDir)) {
    if (!name.startsWith(FETCH_PREFIX)) continue;
    const folder = path.join(cacheDir, name);
    try {
      if (now - (await stat(folder)).mtimeMs > ABANDONED_AFTER_MS) await rm(folder, { recursive: true, force: true });
    } catch {
      // Another harness removed it first.
    }
  }
}

/** Why a helper failed, in a few words (its last line of stderr), or null when it exited 0. */
function helperFailure(name: string, result: HelperResult): string | null {
  if (result.kind === 'not-started') return `${name} could not be started: ${result.reason}`;
  if (result.code === 0) return null;
  const lines = result.stderr.split('\n').map((l) => l.replace(/^npm (error|ERR!) /, '').trim()).filter((l) => l !== '' && !/complete log|^code |^errno /.test(l));
  const why = lines.find((l) => /E404|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|network/i.test(l)) ?? lines[0] ?? `exit ${result.code ?? result.signal}`;
  return `${name}: ${why}`;
}
