import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opsdesk } from '../testing/cli.ts';


/** Runs the real `opsdesk` command; never throws, so a test can look at the exit code. */

/** One line of output naming the problem: no stack trace ("    at …"), nothing on stdout. */
function expectOneLine(result: { stdout: string; stderr: string }, ...phrases: string[]): void {
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  for (const phrase of phrases) expect(result.stderr).toContain(phrase);
}

// Each test starts the real command (several seconds each on a busy two-core machine).
describe('opsdesk commands on database and key files they cannot use', { timeout: 60_000 }, () => {
  let root: string;
  let good: string;
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-cli-files-'));
    good = path.join(root, 'good');
    const migrated = await opsdesk(['migrate', '--data', good]);
    expect(migrated.code, migrated.stderr).toBe(0);
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  const dataDirWith = (name: string, content: string | Buffer): { dir: string; file: string } => {
    const dir = path.join(root, name);
    fs.mkdirSync(dir);
    const file = path.join(dir, 'opsdesk.sqlite');
    fs.writeFileSync(file, content);
    return { dir, file };
  };

  it('audit verify on a file that is not a database prints one line naming it and exits non-zero', async () => {
    const { dir, file } = dataDirWith('garbage', Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 31) % 251)));
    const result = await opsdesk(['audit', 'verify', '--data', dir]);
    expect(result.code).toBe(2);
    expectOneLine(result, `opsdesk audit verify: ${file} is not an SQLite database`);
  });

  it('audit verify on an empty database file prints one line and exits non-zero', async () => {
    const { dir, file } = dataDirWith('empty', '');
    const result = await opsdesk(['audit', 'verify', '--data', dir]);
    expect(result.code).toBe(2);
    expectOneLine(result, `the database ${file} is empty (0 bytes)`);
  });

  it('migrate on a file that is not a database says so in one line', async () => {
    const { dir, file } = dataDirWith('garbage-migrate', 'not a database at all');
    const result = await opsdesk(['migrate', '--data', dir]);
    expect(result.code).toBe(2);
    expectOneLine(result, `opsdesk: ${file} is not an SQLite database`);
  });

  it('a bad --public-key says which file and why: missing, not PEM, not Ed25519', async () => {
    const missing = path.join(root, 'no-such-key.pem');
    const notPem = path.join(root, 'not-a-key.pem');
    fs.writeFileSync(notPem, 'hello');
    const rsa = path.join(root, 'rsa.pem');
    fs.writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }));

    const cases: [string, string][] = [
      [missing, `cannot read the public key ${missing}: the file does not exist`],
      [notPem, `the public key ${notPem} is not a PEM key`],
      [rsa, `the public key ${rsa} is an rsa key, but audit checkpoints are signed with Ed25519`],
    ];
    for (const [file, message] of cases) {
      const result = await opsdesk(['audit', 'verify', '--data', good, '--public-key', file]);
      expect(result.code).toBe(2);
      expectOneLine(result, message);
    }
  }, 120_000);

  it('serve with a signing key that is not a key says which file and why', async () => {
    const dir = path.join(root, 'bad-signing-key');
    fs.mkdirSync(dir);
    const key = path.join(dir, 'audit-signing-key.pem');
    fs.writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n');
    const result = await opsdesk(['serve', '--data', dir, '--port', '0', '--host', '127.0.0.1', '--no-demo']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`opsdesk could not start: the audit signing key ${key} is not a PEM key`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  }, 60_000);
});
