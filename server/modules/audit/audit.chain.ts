import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import type { AuditLogTable } from './audit.tables.ts';
import { sha256Hex } from '../../lib/hash.ts';

// The package is CommonJS but declares an ES default export; require() gives the function whatever the loader.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (value: unknown) => string | undefined;

/** The hash the first record chains from. */
export const GENESIS_HASH = '0'.repeat(64);

/** RFC 8785 canonical JSON: the same value always gives the same text, whatever the key order. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be represented as JSON');
  return text;
}


type HashedFields = Omit<AuditLogTable, 'hash'>;

/**
 * A record's hash covers every stored field, its position (seq) and the previous hash, so that editing, inserting,
 * removing or reordering records breaks the chain. before/after are hashed as the exact text stored.
 */
export function recordHash(r: HashedFields): string {
  return sha256Hex(recordCanonicalJson(r));
}

const json = (value: string | null): string => (value === null ? 'null' : JSON.stringify(value));

/**
 * The RFC 8785 text of a record's hashed fields, written out directly: verification hashes every record, and this is
 * several times faster than walking a generic object. Keys are in JCS order (sorted by UTF-16 code units); strings
 * are escaped by JSON.stringify, which is what JCS prescribes; seq and ts are integers. audit.chain.test.ts proves it
 * equals canonicalJson() of the same object for arbitrary records.
 */
export function recordCanonicalJson(r: HashedFields): string {
  return (
    `{"action":${json(r.action)},"actorId":${json(r.actor_id)},"actorName":${json(r.actor_name)},"actorRoles":${json(r.actor_roles)}` +
    `,"after":${json(r.after)},"before":${json(r.before)},"ip":${json(r.ip)},"prevHash":${json(r.prev_hash)},"reason":${json(r.reason)}` +
    `,"requestId":${json(r.request_id)},"seq":${integer(r.seq)},"targetId":${json(r.target_id)},"targetType":${json(r.target_type)},"ts":${integer(r.ts)}}`
  );
}

function integer(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`audit record field is not an integer: ${String(value)}`);
  return String(value);
}

/** The same fields as a plain object: what recordCanonicalJson must agree with. */
export const hashedObject = (r: HashedFields) => ({
  seq: r.seq,
  ts: r.ts,
  actorId: r.actor_id,
  actorName: r.actor_name,
  actorRoles: r.actor_roles,
  ip: r.ip,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  before: r.before,
  after: r.after,
  reason: r.reason,
  requestId: r.request_id,
  prevHash: r.prev_hash,
});

/** What a checkpoint signs: the chain up to `seq` ends in `recordHash`, as seen at `ts`. */
export const checkpointMessage = (c: { seq: number; recordHash: string; ts: number; keyId: string }): Buffer =>
  Buffer.from(canonicalJson({ seq: c.seq, recordHash: c.recordHash, ts: c.ts, keyId: c.keyId }));

export interface AuditSigner {
  readonly keyId: string;
  readonly publicKey: KeyObject;
  sign(message: Buffer): string;
}

export const keyIdOf = (publicKey: KeyObject): string =>
  createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);

export function createSigner(privateKey: KeyObject): AuditSigner {
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKey,
    sign: (message) => sign(null, message, privateKey).toString('base64'),
  };
}

export function verifySignature(publicKey: KeyObject, message: Buffer, signature: string): boolean {
  try {
    return verify(null, message, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** A key file opsdesk cannot use; the message names the file and says why. */
export class KeyFileError extends Error {
  override name = 'KeyFileError';
}

function readPem(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the file does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new KeyFileError(`cannot read ${what} ${file}: ${why}`);
  }
}

/** Parses a PEM key and insists on Ed25519, the only kind checkpoints are signed with. */
function ed25519Key(file: string, what: string, parse: () => KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key = parse();
  } catch {
    throw new KeyFileError(`${what} ${file} is not a PEM key: expected an Ed25519 key between "-----BEGIN … KEY-----" lines`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new KeyFileError(`${what} ${file} is an ${key.asymmetricKeyType ?? 'unknown'} key, but audit checkpoints are signed with Ed25519`);
  return key;
}

/**
 * Loads the Ed25519 signing key, generating it (mode 0600) with its public half beside it when it does not exist yet.
 * A key file that cannot be read or is not an Ed25519 private key is a KeyFileError.
 */
export function loadOrCreateSigningKey(file: string): AuditSigner {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    // Not secret, but it decides which signatures are trusted: nobody else may write it, and the data directory is private.
    fs.writeFileSync(publicKeyPathFor(file), publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o600 });
  }
  const what = 'the audit signing key';
  const pem = readPem(file, what);
  return createSigner(ed25519Key(file, what, () => createPrivateKey(pem)));
}

export const publicKeyPathFor = (privateKeyFile: string): string => privateKeyFile.replace(/(\.pem)?$/, '.pub.pem');

/**
 * Reads a trusted public key from a PEM file: either the public key itself or the private key it belongs to. A file
 * that cannot be read or holds no Ed25519 key is a KeyFileError.
 */
export function readPublicKey(file: string): KeyObject {
  const what = 'the public key';
  const pem = readPem(file, what);
  return ed25519Key(file, what, () => (pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem)));
}
