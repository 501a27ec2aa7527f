#!/usr/bin/env node
// Builds the web console into web/dist with Vite.
// --if-stale: skip the build when web/dist/index.html is newer than every console source file and package-lock.json.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'web');
const output = join(web, 'dist', 'index.html');
const inputs = [join(web, 'src'), join(web, 'index.html'), join(web, 'vite.config.ts'), join(web, 'public'), join(root, 'package-lock.json')];

/** Latest modification time under a file or directory (0 when it does not exist). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function isUpToDate() {
  if (!existsSync(output)) return false;
  const built = statSync(output).mtimeMs;
  return inputs.every((input) => newestMtime(input) < built);
}

/** Builds the console, or with ifStale only when a source is newer than the last build. Used by npm start too. */
export async function buildWeb({ ifStale = false } = {}) {
  if (ifStale && isUpToDate()) {
    console.log('web console: up to date (web/dist)');
    return;
  }
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`web console: built into web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildWeb({ ifStale: process.argv.includes('--if-stale') });
