#!/usr/bin/env node
// The command line. The TypeScript sources are compiled to dist/ by `npm install` (the prepare script).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error) => {
    console.error(`shutdown-check: internal error: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 3;
  },
);
