import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../../../src/cli/args.js';
import { settleLoad } from '../../../src/cli/load-command.js';
import { shellOf } from '../../../src/cli/present.js';
import { settle } from '../../../src/cli/settle.js';
import type { Io } from '../../../src/cli/io.js';
import { parseConfig } from '../../../src/config/config.js';

const io: Io = { out: () => {}, err: () => {}, progress: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {}, append: () => {} };
const config = parseConfig({ target: './app.js', reporter: ['json'], out: 'ci-reports', noColor: true }, 'c.json');

describe('what the command line decides itself', () => {
  it('is the flag, else the config file, else the default', () => {
    expect(settle({ reporters: ['junit'], out: 'mine' }, config)).toMatchObject({ reporters: ['junit'], out: 'mine', noColor: true });
    expect(settle({}, config)).toMatchObject({ reporters: ['json'], out: 'ci-reports', noColor: true });
    expect(settle({}, null)).toEqual({ out: 'reports', noColor: false });
  });

  it("leaves the reporters to where it runs only when neither a flag nor the config names them", () => {
    const present = (env: Record<string, string>, given: Parameters<typeof settle>[0]) => shellOf(settle(given, null), { ...io, env }).names;
    expect(present({ GITHUB_ACTIONS: 'true' }, {})).toEqual(['pretty', 'github', 'summary']);
    expect(shellOf(settle({}, config), { ...io, env: { GITHUB_ACTIONS: 'true' } }).names).toEqual(['json']);
    expect(present({}, {})).toEqual(['pretty']);
  });

  it("of load takes the config's target, reporters and folder", () => {
    expect(settleLoad({ options: {} }, config)).toEqual({ options: { target: './app.js', out: 'ci-reports' }, reporters: ['json'] });
    expect(settleLoad({ options: { target: './b.js' }, reporters: ['pretty'] }, config)).toEqual({ options: { target: './b.js', out: 'ci-reports' }, reporters: ['pretty'] });
    expect(() => settleLoad({ options: {} }, null)).toThrow(UsageError);
    expect(() => settleLoad({ options: {} }, parseConfig({ target: './a.js', reporter: ['html'] }, 'c.json'))).toThrow(/reporter html is not one load has/);
  });
});

describe('the words of the command line', () => {
  it('take a first word that is no command for the target of run', () => {
    expect(parseCommand(['server.js'])).toMatchObject({ command: 'run', target: 'server.js' });
    expect(parseCommand(['run', './server'])).toMatchObject({ command: 'run', target: './server' });
    expect(parseCommand(['--target', 'server.js'])).toMatchObject({ command: 'run', target: 'server.js' });
    expect(parseCommand(['--runs', '5', 'server.js'])).toMatchObject({ command: 'run', target: 'server.js', runs: 5 });
  });

  it.each([
    [['a.js', 'b.js'], /^run takes one target, not 2 \(a\.js, b\.js\); to search several, use compare$/],
    [['a.js', '--target', 'b.js'], /^the target is named twice, as a\.js and --target b\.js; give one$/],
    [['comapre', 'a.js'], /^unknown command 'comapre'; did you mean compare\?/],
    [['rpelay'], /^unknown command 'rpelay'; did you mean replay\?/],
    [['frobnicate', '--target', 'a.js'], /^unknown command 'frobnicate'; the commands are run, compare, replay, load and merge$/],
  ])('refuse %j', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(message);
  });

  it("give compare one shared config and one of a target's own per target", () => {
    expect(parseCommand(['compare', 'a.js', 'b.js', '--config', 'all.json', '--config', 'b.js=b.json'])).toMatchObject({
      command: 'compare',
      config: 'all.json',
      configs: { 'b.js': 'b.json' },
    });
    expect(parseCommand(['compare', 'a.js', 'b.js'])).toMatchObject({ configs: {} });
    expect(() => parseCommand(['compare', 'a.js', '--config', '=b.json'])).toThrow(/names no target/);
    expect(() => parseCommand(['compare', 'a.js', '--config', 'a.js='])).toThrow(/names no file/);
    expect(() => parseCommand(['a.js', '--config', 'x.json', '--config', 'y.json'])).toThrow(/--config is given 2 times/);
  });

  it('leave what no flag gives undefined, for the config file to give', () => {
    const run = parseCommand(['a.js']);
    expect(run).not.toHaveProperty('strict');
    expect(run).not.toHaveProperty('concurrency');
    expect(run).not.toHaveProperty('out');
    expect(run).not.toHaveProperty('noColor');
  });
});
