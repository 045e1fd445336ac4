/**
 * The type of `expect(result).toShutDownGracefully()`, declared apart from its registration
 * (src/vitest.ts) so that the package's main entry carries it too: a suite that registers the matcher
 * in vitest's setupFiles, which its type-check never reads, still sees the matcher's type through
 * `import ... from 'shutdown-check'`. Declarations only. Where vitest is not installed, TypeScript
 * drops an augmentation of a module it cannot find in a package's .d.ts, so users of the library
 * without vitest are not affected.
 */
declare module 'vitest' {
  // vitest 3.2 and later merge user matchers through Matchers, which Assertion, expect.soft and
  // expect.poll all extend. The type parameter must repeat vitest's own, `any` default included, for the
  // declarations to merge.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unused-vars
  interface Matchers<T = any> {
    /** passes when the verdict is `pass`; a failure's message ends with the command that replays it */
    toShutDownGracefully(): void;
  }
  // vitest before 3.2 (the peer range starts at 2) has no Matchers: there Assertion is the interface to
  // merge into. In later versions the member is the same as the one Assertion inherits.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unused-vars
  interface Assertion<T = any> {
    toShutDownGracefully(): void;
  }
}

export {};
