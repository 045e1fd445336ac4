/**
 * Load mode through the library: checkUnderLoad starts a real target, loads it over real sockets,
 * signals it and resolves with the summary, writing load.json and load.html when asked; a bad option
 * or an unusable folder rejects with OptionsError, worded for the library and for the command line,
 * before any target starts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkUnderLoad, OptionsError, type LoadSummary } from '../../src/index.js';
import { tempDir } from '../support/cli.js';
import { fixturePath, scenarioPath } from '../support/processes.js';

/** Rejects with OptionsError, and both its wordings; anything else fails the test. */
async function refusal(run: Promise<unknown>): Promise<{ message: string; flagMessage: string }> {
  try {
    await run;
  } catch (error) {
    if (error instanceof OptionsError) return { message: error.message, flagMessage: error.flagMessage };
    throw error;
  }
  throw new Error('accepted');
}

describe('checkUnderLoad', () => {
  it('loads the reference strategy through its drain, finds no failure in an error class and writes the files to out', async () => {
    const out = tempDir();
    const phases = new Set<string>();
    const result = await checkUnderLoad({
      target: scenarioPath('reference.js'),
      connections: 8,
      rate: 50,
      duration: '1s',
      signalAt: 500,
      startupTimeout: '60s',
      out,
      onProgress: ({ phase, line }) => {
        phases.add(phase);
        expect(line).toMatch(/^\[[#-]{24}\] /);
      },
    });
    if (result.kind !== 'done') throw new Error(`usage: ${result.message}`);
    expect(result.summary.verdict).toBe('pass');
    expect(result.summary.connections.opened).toBe(8);
    expect(result.summary.shutdown.exit).toEqual({ code: 0, signal: null });
    expect(phases.has('draining')).toBe(true);
    expect(result.files).toEqual({ kind: 'written', files: [path.join(out, 'load.json'), path.join(out, 'load.html')] });
    expect((JSON.parse(readFileSync(path.join(out, 'load.json'), 'utf8')) as LoadSummary).verdict).toBe('pass');
  });

  it.each<[string, Record<string, unknown>, RegExp, RegExp]>([
    ['a connection count that is not a whole number', { connections: 2.5 }, /^connections: 2\.5 is not a whole number of at least 1/, /^connections: 2\.5/],
    ['a signal after the load', { duration: '2s', signalAt: '3s' }, /^signalAt: "3s" is after the end of the load/, /^--signal-at 3s is after the end of the load \(--duration 2s\); signal within it$/],
    ['an unknown kind in the mix', { mix: 'keep-alive=70,carrier=5' }, /^mix: "keep-alive=70,carrier=5": 'carrier' is not a load kind/, /^--mix keep-alive=70,carrier=5: 'carrier' is not a load kind/],
  ])('refuses %s with OptionsError, and starts nothing', async (_case, bad, message, flagMessage) => {
    const started = path.join(tempDir(), 'started');
    process.env.STARTED_FILE = started;
    try {
      const refused = await refusal(checkUnderLoad({ target: fixturePath('reliability/records-its-start.js'), ...bad }));
      expect(refused.message).toMatch(message);
      expect(refused.flagMessage).toMatch(flagMessage);
      expect(existsSync(started)).toBe(false);
    } finally {
      delete process.env.STARTED_FILE;
    }
  });

  it('refuses an out that is a file before the target starts', async () => {
    const file = path.join(tempDir(), 'load.json');
    writeFileSync(file, '{}');
    const refused = await refusal(checkUnderLoad({ target: scenarioPath('reference.js'), out: file }));
    expect(refused.flagMessage).toBe(`--out ${file} is a file; give a folder (it is made if it does not exist)`);
  });
});
