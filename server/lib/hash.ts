import { createHash } from 'node:crypto';

/** SHA-256 of UTF-8 text as lower-case hex: audit record hashes, API token hashes. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');
