/**
 * The channels' far ends for the benchmark: a signed-webhook receiver and an SMTP sink on loopback, run on a worker
 * thread (receivers.worker.ts) so that their arrival times do not wait for whatever the main thread is doing.
 */
import { Worker } from 'node:worker_threads';

/** One hand-over as a receiver saw it. */
export interface Arrival {
  channel: 'webhook' | 'email';
  /** the notification's id: the webhook's body id (= X-Opsdesk-Delivery), the mail's Message-ID */
  id: string | null;
  /** wall clock, epoch ms, when its last byte arrived */
  at: number;
  /** webhook: signature, timestamp and delivery id as documented; e-mail: a Message-ID naming a notification */
  valid: boolean;
}

export type ReceiverMessage = { type: 'ready'; webhookUrl: string; smtpPort: number } | { type: 'arrivals'; arrivals: Arrival[] } | { type: 'closed' };

export interface Receivers {
  webhookUrl: string;
  smtpPort: number;
  /** the first arrival of each notification id */
  first: Map<string, Arrival>;
  counts: { webhook: number; email: number; invalid: number; duplicates: number };
  /** resolves once `n` arrivals in all have been counted (false after timeoutMs) */
  waitForTotal(n: number, timeoutMs: number): Promise<boolean>;
  total(): number;
  /** forgets what arrived so far (between the phases of a run) */
  reset(): void;
  close(): Promise<void>;
}

export async function startReceivers(secret: string): Promise<Receivers> {
  const worker = new Worker(new URL('./receivers.boot.mjs', import.meta.url), { workerData: { secret } });
  const first = new Map<string, Arrival>();
  const counts = { webhook: 0, email: 0, invalid: 0, duplicates: 0 };
  const waiters = new Set<{ n: number; resolve: (ok: boolean) => void }>();
  let closed: (() => void) | null = null;
  const total = () => counts.webhook + counts.email;

  const ready = new Promise<{ webhookUrl: string; smtpPort: number }>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (m: ReceiverMessage) => {
      if (m.type === 'ready') resolve(m);
      else if (m.type === 'closed') closed?.();
      else {
        for (const a of m.arrivals) {
          counts[a.channel] += 1;
          if (!a.valid) counts.invalid += 1;
          if (a.id === null) continue;
          if (first.has(a.id)) counts.duplicates += 1;
          else first.set(a.id, a);
        }
        for (const w of waiters) {
          if (total() >= w.n) {
            waiters.delete(w);
            w.resolve(true);
          }
        }
      }
    });
  });
  const { webhookUrl, smtpPort } = await ready;

  return {
    webhookUrl,
    smtpPort,
    first,
    counts,
    total,
    reset() {
      first.clear();
      Object.assign(counts, { webhook: 0, email: 0, invalid: 0, duplicates: 0 });
    },
    waitForTotal(n, timeoutMs) {
      if (total() >= n) return Promise.resolve(true);
      return new Promise((resolve) => {
        const w = { n, resolve };
        waiters.add(w);
        setTimeout(() => {
          if (waiters.delete(w)) resolve(false);
        }, timeoutMs).unref();
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        closed = resolve;
        worker.postMessage({ type: 'close' });
        setTimeout(resolve, 2000).unref();
      });
      await worker.terminate();
    },
  };
}
