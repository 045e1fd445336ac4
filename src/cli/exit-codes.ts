/** The documented exit statuses of the command line. */
export const EXIT = {
  /** every invariant holds */
  ok: 0,
  /** an invariant is violated */
  violated: 1,
  /** bad usage or config */
  usage: 2,
  /** the target or the harness failed */
  failed: 3,
} as const;

export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];
