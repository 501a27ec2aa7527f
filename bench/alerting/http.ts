/**
 * The benchmark's HTTP side: posting ingest batches over keep-alive connections with node:http (as bench/ingest.bench.ts
 * does: fetch costs the load generator several times the CPU, and it shares the cores with the server), GETs for the
 * alert list, and a reader of the live stream (server-sent events).
 */
import http from 'node:http';

export interface Answer {
  status: number;
  body: string;
}

export function request(agent: http.Agent, url: URL, token: string, method: 'GET' | 'POST', body?: Buffer | string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { authorization: `Bearer ${token}` };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = http.request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Posts one ingest batch; a 503 (saturated) or 429 is retried after 50 ms, as bench:ingest does. Resolves when the
 * answer has arrived (acknowledged = committed) with how many items were accepted and how many retries it took.
 */
export async function postBatch(agent: http.Agent, url: URL, token: string, body: Buffer | string): Promise<{ accepted: number; retries: number }> {
  let retries = 0;
  for (;;) {
    const res = await request(agent, url, token, 'POST', body);
    if (res.status === 503 || res.status === 429) {
      retries++;
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${res.body.slice(0, 500)}`);
    const parsed = JSON.parse(res.body) as { accepted?: number; rejected?: number; results?: { error?: unknown }[] };
    if (parsed.rejected) throw new Error(`${parsed.rejected} benchmark events were rejected: ${JSON.stringify(parsed.results?.slice(0, 3))}`);
    return { accepted: parsed.accepted ?? 0, retries };
  }
}

export interface StreamEvent {
  event: string;
  data: unknown;
  /** performance.now() when its last byte arrived */
  at: number;
}

/** Reads GET /api/v1/stream and calls `onEvent` for each message as it arrives. */
export async function openStream(baseUrl: string, token: string, onEvent: (e: StreamEvent) => void): Promise<{ close(): void }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${baseUrl}/api/v1/stream`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`the live stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data += line.slice(6);
          }
          if (data) onEvent({ event, data: JSON.parse(data) as unknown, at });
        }
      });
      res.on('error', () => {});
      resolve({ close: () => req.destroy() });
    });
    req.on('error', (error) => reject(error));
  });
}
