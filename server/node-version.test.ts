import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { nodeVersionProblem, requiredNodeRange } from '../scripts/node-version.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('the Node.js versions opsdesk supports', () => {
  it('every installed package supports the oldest Node.js that package.json accepts (npm ci shows no EBADENGINE)', () => {
    const oldest = semver.minVersion(requiredNodeRange())!.version;
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: unknown }> };
    const refusing = Object.entries(lock.packages)
      .map(([name, entry]) => ({ name, node: (entry.engines as { node?: string } | undefined)?.node }))
      .filter((p) => typeof p.node === 'string' && !semver.satisfies(oldest, p.node))
      .map((p) => `${p.name} needs node ${p.node}`);
    expect(refusing).toEqual([]);
  });

  it('the README names the same minimum as package.json', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`Node.js ${requiredNodeRange().replace('>=', '≥ ')}`);
  });

  it('accepts a supported Node.js and explains an unsupported one', () => {
    expect(nodeVersionProblem('v20.19.0', '>=20.19')).toBeNull();
    expect(nodeVersionProblem('v22.1.0', '>=20.19')).toBeNull();
    expect(nodeVersionProblem('v20.11.1', '>=20.19')).toBe('opsdesk needs Node.js >=20.19, but this is Node.js v20.11.1. Install a supported version (for example the current LTS) and run it again.');
    expect(nodeVersionProblem(process.version)).toBeNull();
  });

  it('opsdesk refuses to run on an unsupported Node.js with that sentence', async () => {
    // Pretend to be an old Node.js: the check reads process.version before anything else is loaded.
    const script = `Object.defineProperty(process, 'version', { value: 'v18.20.0' }); await import(${JSON.stringify(path.join(ROOT, 'bin/opsdesk.mjs'))});`;
    const run = promisify(execFile);
    const result = await run(process.execPath, ['--input-type=module', '-e', script, '--', '--help']).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('opsdesk needs Node.js >=20.19, but this is Node.js v18.20.0');
  });
});
