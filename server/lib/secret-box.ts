import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The node's symmetric secret: seals what must be stored but never shown (notification channels' passwords, robot
 * secrets, gateway keys) with AES-256-GCM, and signs what must come back unforged (one-time acknowledgement links)
 * with HMAC-SHA256 — each with its own key derived from the one in the key file (HKDF), so neither use weakens the
 * other. The file is 32 random bytes, made on first start with mode 0600 next to the database; several nodes on one
 * PostgreSQL must share it (OPSDESK_SECRET_KEY_FILE), as they share the audit signing key.
 */
export interface SecretBox {
  seal(plain: string): string;
  /** throws SecretBoxError when the text was not sealed with this key or was changed */
  open(sealed: string): string;
  /** base64url HMAC of `data` for `purpose` */
  sign(purpose: string, data: string): string;
  verify(purpose: string, data: string, signature: string): boolean;
}

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

const VERSION = 'v1';

export function loadOrCreateSecretBox(file: string): SecretBox {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const hex = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new SecretBoxError(`${file} does not hold a secret key (64 hex digits)`);
  return createSecretBox(Buffer.from(hex, 'hex'));
}

export function createSecretBox(master: Buffer): SecretBox {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `opsdesk ${info}`, 32));
  const sealKey = derive('seal');
  const macKeys = new Map<string, Buffer>();
  const macKey = (purpose: string) => macKeys.get(purpose) ?? macKeys.set(purpose, derive(`mac ${purpose}`)).get(purpose)!;
  const mac = (purpose: string, data: string) => createHmac('sha256', macKey(purpose)).update(data).digest();

  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    open(sealed) {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== VERSION || !iv || body === undefined || !tag) throw new SecretBoxError('not a sealed secret');
      try {
        const decipher = createDecipheriv('aes-256-gcm', sealKey, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('the secret was sealed with another key or was changed');
      }
    },
    sign: (purpose, data) => mac(purpose, data).toString('base64url'),
    verify(purpose, data, signature) {
      const expected = mac(purpose, data);
      const given = Buffer.from(signature, 'base64url');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
