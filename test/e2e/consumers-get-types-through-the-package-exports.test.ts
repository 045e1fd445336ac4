import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/processes.js';

describe('the published package', () => {
  it('ships the compiled code with its declarations, for both entry points', () => {
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
    expect(packed.status).toBe(0);
    const files = (JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
    for (const entry of ['index', 'vitest', 'api/check-shutdown', 'api/run-scenario', 'api/shutdown-scenario']) {
      expect(files).toContain(`dist/${entry}.js`);
      expect(files).toContain(`dist/${entry}.d.ts`);
    }
    expect(files).toContain('bin/shutdown-check.js');
    expect(files.filter((f) => f.startsWith('test/') || f.startsWith('src/'))).toEqual([]);
  });

  it("gives a consumer that imports 'shutdown-check' and 'shutdown-check/vitest' the declarations in dist/", () => {
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const checked = spawnSync(process.execPath, [tsc, '-p', 'test/fixtures/consumer/tsconfig.json', '--listFiles'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 600_000,
    });
    expect(checked.stdout.split('\n').filter((line) => line.includes('error TS'))).toEqual([]);
    expect(checked.status).toBe(0);
    const read = checked.stdout.split('\n').map((file) => path.relative(ROOT, file));
    expect(read).toContain('dist/index.d.ts');
    expect(read).toContain('dist/vitest.d.ts');
    expect(read.filter((file) => file.startsWith('src/'))).toEqual([]);
  });
});
