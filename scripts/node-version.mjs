// The Node.js versions opsdesk runs on are the ones package.json's "engines" names; this is the one check of them, run
// first by bin/opsdesk.mjs so that an old Node.js fails with a sentence instead of a syntax error deep in a dependency.
import { readFileSync } from 'node:fs';
import semver from 'semver';

/** package.json's engines.node, e.g. ">=20.19". */
export function requiredNodeRange() {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return manifest.engines.node;
}

/** null when `version` is supported, otherwise what to tell the user. */
export function nodeVersionProblem(version = process.version, range = requiredNodeRange()) {
  if (semver.satisfies(version, range)) return null;
  return `opsdesk needs Node.js ${range}, but this is Node.js ${version}. Install a supported version (for example the current LTS) and run it again.`;
}

/** Exits with the problem when this Node.js is not supported. */
export function exitOnUnsupportedNode() {
  const problem = nodeVersionProblem();
  if (problem === null) return;
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
