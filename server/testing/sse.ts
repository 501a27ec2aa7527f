import { expect } from 'vitest';

/** A real SSE client for tests (node's fetch reading the body as it arrives), on a server listening on a port. */
export async function openStream(url: string, cookie: string) {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { cookie }, signal: controller.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  let text = '';
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  return {
    /** Reads until `pattern` has arrived after character `from`, or `ms` have passed; true when it arrived. */
    async waitFor(pattern: string, ms: number, from = 0): Promise<boolean> {
      const deadline = Date.now() + ms;
      while (!text.slice(from).includes(pattern) && Date.now() < deadline) {
        pending ??= reader.read();
        const chunk = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), Math.max(1, deadline - Date.now())))]);
        if (chunk === null) continue;
        pending = null;
        if (chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
      return text.slice(from).includes(pattern);
    },
    length: () => text.length,
    /** What arrived after character `from` (everything, by default). */
    since: (from = 0) => text.slice(from),
    close: () => controller.abort(),
  };
}
