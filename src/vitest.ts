/**
 * `import 'shutdown-check/vitest'` registers `expect(result).toShutDownGracefully()` for what
 * checkShutdown and runScenario resolve with. Import it in a test file or in vitest's setupFiles.
 */
import { expect } from 'vitest';
import { judgeShutdown } from './api/shutdown-matcher.js';
import './api/vitest-matchers.js';

expect.extend({
  toShutDownGracefully(received: unknown) {
    const judgement = judgeShutdown(received);
    return { pass: judgement.pass, message: () => judgement.message };
  },
});

