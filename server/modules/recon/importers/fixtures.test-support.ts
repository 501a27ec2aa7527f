import { createReadStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The shared real-world fixtures live beside the project (../shared/fixtures from the project root), in this
 * checkout and in the CI clone alike.
 */
export const FIXTURES = path.resolve(import.meta.dirname, '../../../..', '../shared/fixtures');
export const haveFixtures = existsSync(FIXTURES);

export function fixture(rel: string): string {
  return path.join(FIXTURES, rel);
}

/** A file as a stream of small chunks, so tests exercise chunk boundaries the way an upload does. */
export function stream(rel: string) {
  return createReadStream(fixture(rel), { highWaterMark: 997 });
}

/** The bill text inside a recorded HTTP cassette (wechatpay/*.vcr.json). */
export function cassetteBody(rel: string): string {
  const cassette = JSON.parse(readFileSync(fixture(rel), 'utf8')) as { response: { body: string } }[];
  return cassette[0]!.response.body;
}
