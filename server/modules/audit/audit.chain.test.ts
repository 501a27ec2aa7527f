import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, checkpointMessage, createSigner, hashedObject, recordCanonicalJson, verifySignature } from './audit.chain.ts';

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('值班', '\u2028', '"\\', '\ud83d\ude00', '\u0000'));
const nullable = fc.option(text, { nil: null });
const record = fc.record({
  seq: fc.integer({ min: 1, max: 2 ** 40 }),
  ts: fc.integer({ min: 0, max: 2 ** 45 }),
  actor_id: nullable,
  actor_name: text,
  actor_roles: text,
  ip: nullable,
  action: text,
  target_type: nullable,
  target_id: nullable,
  before: nullable,
  after: nullable,
  reason: nullable,
  request_id: nullable,
  prev_hash: text,
});

describe('audit chain encoding', () => {
  it('the hand-written canonical text equals RFC 8785 canonicalisation for any record', () => {
    fc.assert(
      fc.property(record, (r) => {
        expect(recordCanonicalJson(r)).toBe(canonicalJson(hashedObject(r)));
      }),
      { numRuns: 2000 },
    );
  });

  it('orders keys by UTF-16 code units and does not care about insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
  });

  it('refuses a non-integer position', () => {
    expect(() => recordCanonicalJson({ seq: 1.5, ts: 0, actor_id: null, actor_name: 'a', actor_roles: '[]', ip: null, action: 'x', target_type: null, target_id: null, before: null, after: null, reason: null, request_id: null, prev_hash: '0' })).toThrow();
  });

  it('signs and verifies checkpoints with Ed25519; any change breaks the signature', () => {
    const signer = createSigner(generateKeyPairSync('ed25519').privateKey);
    const message = checkpointMessage({ seq: 10, recordHash: 'ab'.repeat(32), ts: 1, keyId: signer.keyId });
    const signature = signer.sign(message);
    expect(verifySignature(signer.publicKey, message, signature)).toBe(true);
    expect(verifySignature(signer.publicKey, checkpointMessage({ seq: 11, recordHash: 'ab'.repeat(32), ts: 1, keyId: signer.keyId }), signature)).toBe(false);
    expect(verifySignature(signer.publicKey, message, 'not base64 at all')).toBe(false);
  });
});
