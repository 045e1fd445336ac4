/**
 * `import 'shutdown-check/vitest'` registers `expect(result).toShutDownGracefully()` for what
 * checkShutdown and runScenario resolve with. Import it in a test file or in vitest's setupFiles.
 */
import { expect } from 'vitest';
import { judgeShutdown } from './api/shutdown-matcher.js';

expect.extend({
  toShutDownGracefully(received: unknown) {
    const judgement = judgeShutdown(received);
    return { pass: judgement.pass, message: () => judgement.message };
  },
});

declare module 'vitest' {
  // The type parameter must repeat vitest's own declaration of Assertion, `any` default included, for
  // the two declarations to merge.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unused-vars
  interface Assertion<T = any> {
    /** passes when the verdict is `pass`; a failure's message ends with the command that replays it */
    toShutDownGracefully(): void;
  }
}
