import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('--help', () => {
  it('shows the target as an argument, durations with their unit and a config per compared target', () => {
    const result = runCli(['--help'], { timeoutMs: 30_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ {2}shutdown-check \[run\] <file> \[options\] +or --target <file>$/m);
    expect(result.stdout).toMatch(/^Durations take their unit: 30s, 500ms, 2m\./m);
    expect(result.stdout).toMatch(/--config <target>=<file>/);
    expect(result.stdout).toMatch(/^ {2}shutdown-check compare a\.js b\.js --config shared\.json --config b\.js=b\.config\.json$/m);
    expect(result.stdout).toMatch(/shutdown-check\.config\.\{js,mjs,json,ts\}/);
  });

  it("of load shows its target as an argument", () => {
    const result = runCli(['load', '--help'], { timeoutMs: 30_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ {2}shutdown-check load <file> \[options\] +or --target <file>$/m);
  });
});
