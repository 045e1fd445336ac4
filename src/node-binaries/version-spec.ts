/**
 * Node versions as a user names them (`22`, `22.12`, `22.12.0`, `v24`) and the published version each
 * names: the newest release of that line, as `npm install node@22` would pick. Pure.
 */

/** One version as named: a major, a minor line or an exact release. */
export interface VersionSpec {
  /** as the user wrote it, for the error lines */
  text: string;
  major: number;
  minor: number | null;
  patch: number | null;
}

export type SpecsRead = { ok: true; specs: VersionSpec[] } | { ok: false; message: string };

const SPEC = /^v?(\d+)(?:\.(\d+)(?:\.(\d+))?)?$/;

/** `20,22,24` read as specs; a word that is no version, a repeated one or an empty list is refused in one line. */
export function parseNodeVersions(list: string): SpecsRead {
  const words = list.split(',').map((w) => w.trim());
  if (words.every((w) => w === '')) return { ok: false, message: '--node takes Node versions, e.g. --node 20,22,24' };
  const specs: VersionSpec[] = [];
  for (const text of words) {
    const m = SPEC.exec(text);
    if (m === null) return { ok: false, message: `--node ${list}: '${text}' is not a Node version; give majors or exact versions, e.g. --node 20,22,24 or --node 22.12.0` };
    const spec: VersionSpec = { text, major: Number(m[1]), minor: m[2] === undefined ? null : Number(m[2]), patch: m[3] === undefined ? null : Number(m[3]) };
    if (specs.some((s) => sameSpec(s, spec))) return { ok: false, message: `--node ${list}: ${text} is named twice; name each version once` };
    specs.push(spec);
  }
  return { ok: true, specs };
}

function sameSpec(a: VersionSpec, b: VersionSpec): boolean {
  return a.major === b.major && a.minor === b.minor && a.patch === b.patch;
}

type Release = [number, number, number];

/** `x.y.z` as numbers; null for a prerelease or anything else (a spec never names one). */
function release(version: string): Release | null {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return m === null ? null : [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Whether `version` (`x.y.z`) is of the line or release `spec` names. */
export function specMatches(spec: VersionSpec, version: string): boolean {
  const r = release(version);
  if (r === null) return false;
  return r[0] === spec.major && (spec.minor === null || r[1] === spec.minor) && (spec.patch === null || r[2] === spec.patch);
}

/** The newest of `published` that `spec` names, or null when none does. */
export function newestMatching(spec: VersionSpec, published: readonly string[]): string | null {
  let best: Release | null = null;
  for (const version of published) {
    const r = release(version);
    if (r === null || !specMatches(spec, version)) continue;
    if (best === null || r[0] > best[0] || (r[0] === best[0] && (r[1] > best[1] || (r[1] === best[1] && r[2] > best[2])))) best = r;
  }
  return best === null ? null : best.join('.');
}

/** The majors `published` has, as `from 0 to 26`, to say what can be asked for instead. */
export function publishedMajors(published: readonly string[]): string {
  const majors = published.map(release).filter((r): r is Release => r !== null).map((r) => r[0]);
  if (majors.length === 0) return 'none';
  return `${Math.min(...majors)} to ${Math.max(...majors)}`;
}

/**
 * Whether a release can preload the agent: the target starts as `node --import <agent>`, and Node has
 * `--import` from 19.0.0, and on the 18 line from 18.18.0, where it was backported (Node's cli.md).
 */
export function preloadsWithImport(version: string): boolean {
  const r = release(version);
  if (r === null) return false;
  const [major, minor] = r;
  return major > 18 || (major === 18 && minor >= 18);
}
