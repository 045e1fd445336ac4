import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../../../src/cli/args.js';

function refusal(argv: string[]): string {
  try {
    parseCommand(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('--node on the command line', () => {
  it('gives compare its list as written and run its one version', () => {
    expect(parseCommand(['compare', 'server.js', '--node', '20,22,24'])).toMatchObject({ command: 'compare', targets: ['server.js'], node: '20,22,24' });
    expect(parseCommand(['server.js', '--node', '22.12.0'])).toMatchObject({ command: 'run', target: 'server.js', node: '22.12.0' });
  });

  it('refuses a list that is not versions, as the usage error it is', () => {
    expect(refusal(['compare', 'server.js', '--node', '7x'])).toBe("--node 7x: '7x' is not a Node version; give majors or exact versions, e.g. --node 20,22,24 or --node 22.12.0");
  });

  it('refuses several versions for run, and several targets for compare', () => {
    expect(refusal(['server.js', '--node', '20,22'])).toBe('--node 20,22: run takes one Node version; compare <file> --node 20,22 runs one search per version');
    expect(refusal(['compare', 'a.js', 'b.js', '--node', '22'])).toBe('compare --node runs one target under each Node version; give one target, not 2 (a.js, b.js)');
  });

  it('refuses it with a command target, which starts its own program', () => {
    expect(refusal(['--cmd', './server', '--port', '8080', '--node', '22'])).toBe(
      '--node picks the Node that runs a Node entry file; a --cmd target starts its own program (leave --node out)',
    );
  });
});
