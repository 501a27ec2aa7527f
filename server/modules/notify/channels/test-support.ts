import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChannelMessage, ChannelRecipient, SendContext } from './channel.ts';

/**
 * For the channels' tests only: a message with the awkward characters every vendor must carry intact, recipients, a
 * fixed clock, and a local HTTP server standing in for a vendor (it records each request and answers as told).
 */

/** 2026-03-02T01:02:03.000Z: signatures and timestamps are computed from it. */
export const NOW = Date.UTC(2026, 2, 2, 1, 2, 3);

export const ctx = (signal: AbortSignal = new AbortController().signal): SendContext => ({ signal, now: NOW });

export const message = (overrides: Partial<ChannelMessage> = {}): ChannelMessage => ({
  kind: 'alert',
  locale: 'zh-CN',
  level: 1,
  title: '【一级】二食堂 · POS 终端静默 3 分钟 <b>&"引号"',
  lines: ['站点：二食堂 (Canteen 2)', '设备：POS-0231 & POS-0232', '自 09:02 起无心跳'],
  url: 'https://ops.example.edu.cn/alerts/01JABC?tab=timeline&x=1',
  ackUrl: 'https://ops.example.edu.cn/ack/tok_abc123?sig=x%2By&n=1',
  at: NOW - 180_000,
  id: '01JNOTIFY0000000000000001',
  ...overrides,
});

export const person = (overrides: Partial<ChannelRecipient> = {}): ChannelRecipient => ({
  userId: 'u-1',
  name: '张三',
  address: null,
  mobile: '13800138000',
  vendorId: 'zhangsan',
  ...overrides,
});

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * An answer; `hang` never answers (a vendor that stalls), `stall` sends the head and the body so far but never ends
 * it: either way only the sender's signal can end the wait.
 */
export type Answer = { status?: number; body?: string; headers?: Record<string, string>; stall?: boolean } | 'hang';

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startReceiver(answer: (request: ReceivedRequest) => Answer): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(received);
      const reply = answer(received);
      if (reply === 'hang') return;
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
      if (reply.stall) res.write(reply.body ?? ' ');
      else res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The rejection of a promise, for asserting on a ChannelSendError's fields. */
export async function failureOf(promise: Promise<unknown>): Promise<{ name: string; message: string; retryable?: boolean; rateLimited?: boolean }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string; retryable?: boolean; rateLimited?: boolean };
  }
  throw new Error('expected the send to fail, it succeeded');
}
