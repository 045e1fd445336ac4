import { readFile, stat } from 'node:fs/promises';
import { statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveInProject, TYPESCRIPT_LOADER } from '../target/typescript.js';
import { ConfigError, parseConfig, type Config } from './validate.js';

/** The names looked for in the working directory, most preferred first. */
export const CONFIG_FILE_NAMES: readonly string[] = [
  'shutdown-check.config.js',
  'shutdown-check.config.mjs',
  'shutdown-check.config.json',
];

const LOADABLE = ['.js', '.mjs', '.json'];
const TYPESCRIPT = ['.ts', '.mts', '.cts'];

// Looked for after the others: one loads only where the project has a TypeScript loader (tsx).
const TYPESCRIPT_NAMES = TYPESCRIPT.map((ext) => `shutdown-check.config${ext}`);

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The config file to load: `explicit` resolved against `cwd` (whether or not it exists), or else the
 * first of CONFIG_FILE_NAMES in `cwd` itself (never a parent), or else a TypeScript config there, or null.
 */
export function findConfigFile(cwd: string, explicit?: string): string | null {
  if (explicit !== undefined) return path.resolve(cwd, explicit);
  for (const name of [...CONFIG_FILE_NAMES, ...TYPESCRIPT_NAMES]) {
    const file = path.resolve(cwd, name);
    if (isFile(file)) return file;
  }
  return null;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

function describeError(error: unknown): string {
  if (error instanceof Error) return firstLine(`${error.name}: ${error.message}`);
  return firstLine(String(error));
}

function parseJson(text: string, shown: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 puts the offset at the end ("… in JSON at position 12", newer versions add "(line 2 column 3)");
    // an unexpected token comes with a quote of the source instead, which may run over many lines, and
    // the token itself may be a line break.
    const at = /^(.*?) in JSON at position (\d+)/.exec(message);
    if (at) {
      const before = text.slice(0, Number(at[2])).split('\n');
      const where = `line ${before.length} column ${(before.at(-1) ?? '').length + 1}`;
      throw new ConfigError(shown, `malformed JSON at ${where}: ${at[1]}`);
    }
    const token = /^Unexpected token '(.*?)', .*is not valid JSON$/s.exec(message);
    if (token) throw new ConfigError(shown, `malformed JSON: Unexpected token ${JSON.stringify(token[1])}`);
    throw new ConfigError(shown, `malformed JSON: ${firstLine(message)}`);
  }
}

type Importer = (file: string) => Promise<Record<string, unknown>>;

const nodeImport: Importer = async (file) => (await import(pathToFileURL(file).href)) as Record<string, unknown>;

/**
 * tsx's import of one TypeScript module, resolved from the config's folder or the working directory
 * (the project's own dependencies, not this package's); null when the project has no tsx.
 */
async function typeScriptImporter(file: string, cwd: string): Promise<Importer | null> {
  const manifest = resolveInProject(`${TYPESCRIPT_LOADER}/package.json`, [path.dirname(file), cwd]);
  if (manifest === null) return null;
  // The ES module entry, as an import would resolve it: require's resolution picks tsx's CommonJS
  // build, whose tsImport fails to find its own ES modules.
  const exported = (JSON.parse(await readFile(manifest, 'utf8')) as { exports?: Record<string, { import?: { default?: string } }> }).exports;
  const entry = exported?.['./esm/api']?.import?.default;
  if (entry === undefined) return null;
  const loaded = (await import(pathToFileURL(path.join(path.dirname(manifest), entry)).href)) as { tsImport?: unknown };
  const tsImport = loaded.tsImport;
  if (typeof tsImport !== 'function') return null;
  return async (module) => (await (tsImport as (specifier: string, parent: string) => Promise<unknown>)(pathToFileURL(module).href, import.meta.url)) as Record<string, unknown>;
}

async function importDefault(file: string, shown: string, importer: Importer): Promise<unknown> {
  let namespace: Record<string, unknown>;
  try {
    namespace = await importer(file);
  } catch (error) {
    let detail = `importing it threw ${describeError(error)}`;
    if (
      path.extname(file) === '.js' &&
      error instanceof SyntaxError &&
      /Unexpected token 'export'|Cannot use import statement/.test(error.message)
    ) {
      detail += '; this .js file is CommonJS (see "type" in package.json): use module.exports = {...} or rename it .mjs';
    }
    throw new ConfigError(shown, detail);
  }
  if (!('default' in namespace)) {
    throw new ConfigError(shown, 'has no default export; use export default { ... }');
  }
  let value = namespace.default;
  if (typeof value === 'function') {
    try {
      value = await (value as () => unknown)();
    } catch (error) {
      throw new ConfigError(shown, `the exported function threw ${describeError(error)}`);
    }
    if (typeof value === 'function') {
      throw new ConfigError(shown, 'the exported function must return the config object, not a function');
    }
  }
  return value;
}

/**
 * Loads and validates the config file `findConfigFile` names. Null when there is none and none was
 * asked for; ConfigError (one line naming the file) for a missing explicit file, a file that cannot be
 * read, parsed or imported, or any bad key or value.
 */
export async function loadConfig(cwd: string, explicit?: string): Promise<Config | null> {
  const file = findConfigFile(cwd, explicit);
  if (file === null) return null;
  const shown = explicit ?? path.basename(file);
  const ext = path.extname(file).toLowerCase();
  let stats;
  try {
    stats = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ConfigError(shown, `no such file (looked for ${file})`);
    throw new ConfigError(shown, `cannot read it: ${describeError(error)}`);
  }
  if (!stats.isFile()) throw new ConfigError(shown, 'is not a file');
  let importer = nodeImport;
  if (TYPESCRIPT.includes(ext)) {
    const typeScript = await typeScriptImporter(file, cwd);
    if (typeScript === null) throw new ConfigError(shown, 'a TypeScript config loads with tsx, which this project does not have: npm install --save-dev tsx (or write it as .js, .mjs or .json)');
    importer = typeScript;
  } else if (!LOADABLE.includes(ext)) {
    throw new ConfigError(shown, 'a config file must end in .js, .mjs, .json or .ts');
  }
  let value: unknown;
  if (ext === '.json') {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new ConfigError(shown, `cannot read it: ${describeError(error)}`);
    }
    // A byte-order mark is legal in a UTF-8 file but not in JSON.parse's input.
    value = parseJson(text.replace(/^\uFEFF/, ''), shown);
  } else {
    value = await importDefault(file, shown, importer);
  }
  return parseConfig(value, shown);
}
