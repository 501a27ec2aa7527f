import { randomBytes } from 'node:crypto';

/** Crockford's base32, as ULID spells it. */
const ENCODING = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const POOL_BYTES = 4096;

let pool = randomBytes(POOL_BYTES);
let poolOffset = 0;

/** One base32 digit (0–31) of cryptographic randomness; bytes are drawn a pool at a time, not one call a character. */
function randomDigit(): number {
  if (poolOffset === POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  // 256 is a multiple of 32, so the low five bits of a uniform byte are uniform.
  return pool[poolOffset++]! & 31;
}

let lastTime = -1;
const lastRandom = new Array<number>(RANDOM_CHARS).fill(0);

function encodeTime(time: number): string {
  let text = '';
  for (let i = 0; i < TIME_CHARS; i++) {
    text = ENCODING[time % 32]! + text;
    time = Math.floor(time / 32);
  }
  return text;
}

/**
 * A monotonic ULID: 48 bits of milliseconds and 80 random bits, so ids sort by creation even within one millisecond
 * (the random part is incremented instead of drawn again) and when the system clock steps back (the last time is
 * kept). Request ids and most row ids come from here: drawing the randomness a pool at a time halves its cost.
 */
export function ulidAt(now: number): string {
  if (now > lastTime) {
    lastTime = now;
    for (let i = 0; i < RANDOM_CHARS; i++) lastRandom[i] = randomDigit();
  } else {
    let i = RANDOM_CHARS - 1;
    while (i >= 0 && lastRandom[i] === 31) lastRandom[i--] = 0;
    // 2^80 ids in one millisecond: the next millisecond's ids would sort before these.
    if (i < 0) throw new Error('ULID random part exhausted within one millisecond');
    lastRandom[i]! += 1;
  }
  let random = '';
  for (let i = 0; i < RANDOM_CHARS; i++) random += ENCODING[lastRandom[i]!];
  return encodeTime(lastTime) + random;
}

/** A new sortable unique id (ULID) as text, as SPEC §6 asks. */
export const newId = (): string => ulidAt(Date.now());

/** A URL-safe random secret of `bytes` bytes of entropy. */
export const randomSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');
