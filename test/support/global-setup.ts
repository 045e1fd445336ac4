import { execFileSync } from 'node:child_process';

/** The e2e tests run the real command line, which runs the compiled code: build it once first. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
