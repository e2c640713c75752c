#!/usr/bin/env node
// The `careloop` command. It runs the TypeScript sources through tsx, so there is no build output that
// could be stale, and `npm install && npm start` needs nothing else.
import { register } from 'tsx/esm/api';

// `careloop … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
