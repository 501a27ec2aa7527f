import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, loadOrCreateSecretBox, SecretBoxError } from './secret-box.ts';

describe('secret box', () => {
  const box = createSecretBox(Buffer.alloc(32, 7));

  it('opens what it sealed, and each seal differs', () => {
    const a = box.seal('机器人密钥 SEC123');
    expect(box.open(a)).toBe('机器人密钥 SEC123');
    expect(box.seal('机器人密钥 SEC123')).not.toBe(a);
    expect(a).not.toContain('SEC123');
  });

  it('refuses a changed text and another key', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split('.');
    parts[2] = Buffer.from('sEcret').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow(SecretBoxError);
    expect(() => createSecretBox(Buffer.alloc(32, 8)).open(sealed)).toThrow(SecretBoxError);
    expect(() => box.open('plain text')).toThrow(SecretBoxError);
  });

  it('signs per purpose', () => {
    const sig = box.sign('ack', 'abc');
    expect(box.verify('ack', 'abc', sig)).toBe(true);
    expect(box.verify('ack', 'abd', sig)).toBe(false);
    expect(box.verify('other', 'abc', sig)).toBe(false);
    expect(box.verify('ack', 'abc', 'AAAA')).toBe(false);
  });

  it('makes a private key file once and reads it back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-box-'));
    const file = path.join(dir, 'secret.key');
    const sealed = loadOrCreateSecretBox(file).seal('x');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecretBox(file).open(sealed)).toBe('x');
    fs.writeFileSync(file, 'nonsense');
    expect(() => loadOrCreateSecretBox(file)).toThrow(/does not hold a secret key/);
  });
});
