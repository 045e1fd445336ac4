import { defineConfig } from 'vitest/config';

/**
 * The example suite alone, as a user's project runs it: no build (the run that starts this one has
 * built dist/ already, and a second build at the same time would rewrite files other tests are using).
 */
export default defineConfig({
  test: { include: ['test/example/**/*.test.ts'] },
});
