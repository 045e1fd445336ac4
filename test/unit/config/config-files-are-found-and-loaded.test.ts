import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, findConfigFile, loadConfig, type Config } from '../../../src/config/config.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/config/', import.meta.url));
// The build the global setup makes: under vitest an import() goes through Vite, which loads modules Node refuses.
const BUILT = new URL('../../../dist/config/config.js', import.meta.url).href;

function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

/** The one-line message loadConfig rejects with. */
async function problem(cwd: string, explicit?: string): Promise<string> {
  const error: unknown = await loadConfig(cwd, explicit).then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ConfigError);
  const { message } = error as ConfigError;
  expect(message).not.toContain('\n');
  return message;
}

describe('findConfigFile', () => {
  it('prefers .js to .mjs to .json', () => {
    expect(findConfigFile(fixture('all-three'))).toBe(fixture('all-three/shutdown-check.config.js'));
    expect(findConfigFile(fixture('mjs-and-json'))).toBe(fixture('mjs-and-json/shutdown-check.config.mjs'));
    expect(findConfigFile(fixture('json'))).toBe(fixture('json/shutdown-check.config.json'));
  });

  it('looks in the working directory only, never in a parent', () => {
    expect(findConfigFile(fixture('nested/child'))).toBeNull();
  });

  it('finds a TypeScript config too, so that loading it can say why it is refused', () => {
    expect(findConfigFile(fixture('typescript'))).toBe(fixture('typescript/shutdown-check.config.ts'));
  });

  it('takes an explicit path relative to the working directory, over any config file there', () => {
    expect(findConfigFile(fixture('explicit'), 'configs/ci.json')).toBe(fixture('explicit/configs/ci.json'));
  });
});

describe('loadConfig loads', () => {
  it('nothing, without complaint, when there is no config file and none was asked for', async () => {
    await expect(loadConfig(fixture('nested/child'))).resolves.toBeNull();
  });

  it('a JSON config', async () => {
    await expect(loadConfig(fixture('json'))).resolves.toStrictEqual({
      routes: {
        fast: '/',
        slow: '/slow?ms={ms}',
        stream: '/events?n={chunks}&every={every}',
        websocket: '/ws',
        readiness: '/readyz',
      },
      websocket: true,
      allowedExitCodes: [0, 143],
      graceMs: 20_000,
      signal: 'SIGINT',
      profile: 'kubernetes',
      drainDelayMs: 5000,
      startupTimeoutMs: 120_000,
      clients: ['keep-alive', 'slow', 'websocket'],
      keepPorts: true,
      websocketCloseCodes: [1001],
    } satisfies Config);
  });

  it('the object an ES module .js config exports by default', async () => {
    await expect(loadConfig(fixture('js-object'))).resolves.toStrictEqual({
      routes: { fast: '/health', slow: '/delay/{ms}' },
      websocket: false,
      graceMs: 500,
      websocketCloseCodes: [1001, 1012],
    } satisfies Config);
  });

  it('what the async function an .mjs config exports resolves to', async () => {
    await expect(loadConfig(fixture('mjs-function'))).resolves.toStrictEqual({
      routes: { fast: '/', stream: '/stream?chunks={chunks}&ms={every}' },
      websocket: null,
      graceMs: 10_000,
      signal: 'SIGHUP',
      websocketCloseCodes: [1001, 1012],
    } satisfies Config);
  });

  it('module.exports of a CommonJS .js config', async () => {
    await expect(loadConfig(fixture('cjs'))).resolves.toMatchObject({ profile: 'immediate', keepPorts: false });
  });

  it('the preferred file when there are several', async () => {
    await expect(loadConfig(fixture('all-three'))).resolves.toMatchObject({ graceMs: 1000 });
    await expect(loadConfig(fixture('mjs-and-json'))).resolves.toMatchObject({ graceMs: 2000 });
  });

  it('the explicit file rather than the one in the working directory', async () => {
    await expect(loadConfig(fixture('explicit'), 'configs/ci.json')).resolves.toMatchObject({ graceMs: 45_000 });
    await expect(loadConfig(fixture('explicit'))).resolves.toMatchObject({ graceMs: 5000 });
  });
});

describe('loadConfig rejects, in one line naming the file,', () => {
  it('a bad key, naming the file as found', async () => {
    expect(await problem(fixture('unknown-key'))).toBe(
      'shutdown-check.config.json: unknown key "rout"; did you mean "routes"?',
    );
  });

  it('malformed JSON, with the line and column', async () => {
    expect(await problem(fixture('malformed-json'))).toBe(
      'shutdown-check.config.json: malformed JSON at line 4 column 1: Expected double-quoted property name',
    );
  });

  it('malformed JSON for which the parser gives no position', async () => {
    expect(await problem(fixture('unexpected-token'))).toBe(
      'shutdown-check.config.json: malformed JSON: Unexpected token "y"',
    );
  });

  it('an explicit file of another kind', async () => {
    expect(await problem(fixture('explicit'), 'configs/ci.yaml')).toBe(
      'configs/ci.yaml: a config file must end in .js, .mjs, .json or .ts',
    );
  });

  it('an explicit file that does not exist, saying where it looked', async () => {
    expect(await problem(fixture('explicit'), 'configs/missing.json')).toBe(
      `configs/missing.json: no such file (looked for ${fixture('explicit/configs/missing.json')})`,
    );
  });

  it('an explicit path that is a directory', async () => {
    expect(await problem(fixture('explicit'), 'configs')).toBe('configs: is not a file');
  });

  it('a .js config that throws when imported', async () => {
    expect(await problem(fixture('throws-on-import'))).toBe(
      'shutdown-check.config.js: importing it threw Error: DATABASE_URL is not set',
    );
  });

  it('a config whose exported function throws', async () => {
    expect(await problem(fixture('function-throws'))).toBe(
      'shutdown-check.config.mjs: the exported function threw TypeError: cannot read the port',
    );
  });

  it('a config module without a default export', async () => {
    expect(await problem(fixture('no-default'))).toBe(
      'shutdown-check.config.mjs: has no default export; use export default { ... }',
    );
  });
});

describe('loadConfig under Node itself, as the command line runs it,', () => {
  function loadInNode(cwd: string): string {
    const script = `import(${JSON.stringify(BUILT)}).then((c) => c.loadConfig(${JSON.stringify(cwd)})).then(
      (config) => console.log(JSON.stringify(config)),
      (error) => console.log(error.message),
    );`;
    // The warning Node prints about the ES module syntax goes to stderr, which is left out.
    return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: 'pipe' }).trim();
  }

  it('loads module.exports of a CommonJS .js config', () => {
    expect(JSON.parse(loadInNode(fixture('cjs')))).toMatchObject({ profile: 'immediate', keepPorts: false });
  });

  it('loads a TypeScript config, found or named, with the tsx the project has', () => {
    expect(JSON.parse(loadInNode(fixture('typescript')))).toMatchObject({ graceMs: 1000 });
    expect(JSON.parse(loadInNode(fixture('typescript-define')))).toMatchObject({ graceMs: 7000, maxLatencyMs: 1000, runs: 2, seed: 11, reporter: ['json'] });
  });

  it('refuses a TypeScript config where the project has no tsx, saying what to install', () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'no-tsx-'));
    writeFileSync(path.join(outside, 'shutdown-check.config.ts'), "export default { grace: '1s' };\n");
    expect(loadInNode(outside)).toBe(
      'shutdown-check.config.ts: a TypeScript config loads with tsx, which this project does not have: npm install --save-dev tsx (or write it as .js, .mjs or .json)',
    );
  });

  it('rejects export default in a CommonJS .js config, saying what to do instead', () => {
    expect(loadInNode(fixture('cjs-export-default'))).toBe(
      'shutdown-check.config.js: importing it threw SyntaxError: Unexpected token \'export\'; this .js file is CommonJS (see "type" in package.json): use module.exports = {...} or rename it .mjs',
    );
  });
});
