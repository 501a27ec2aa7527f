#!/usr/bin/env node
// `npm start`: builds the console when a source changed, then runs `opsdesk serve` in this same process. One process,
// not `build && serve` in a shell: a shell in between need not pass SIGTERM on, and a container's stop would leave the
// server running as an orphan. serve closes gracefully and exits on SIGTERM and SIGINT.
//
// Arguments go to `opsdesk serve` (npm start -- --port 9090); --no-web-build serves the console as last built.
import { exitOnUnsupportedNode } from './node-version.mjs';

exitOnUnsupportedNode();
const args = process.argv.slice(2);
const skipBuild = args.includes('--no-web-build');
if (!skipBuild) {
  const { buildWeb } = await import('./build-web.mjs');
  await buildWeb({ ifStale: true });
}
process.argv = [process.argv[0], process.argv[1], 'serve', ...args.filter((arg) => arg !== '--no-web-build')];
await import('../bin/opsdesk.mjs');
