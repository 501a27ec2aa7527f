import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Envelope } from '../modules/ingest/envelope.ts';
import { generateEvents } from './generator.ts';
import { demoCampus } from './estate.ts';
import { resolveStart, runSimulation, type SimulationProgress } from './run.ts';
import { emptyTotals, type Sink } from './senders.ts';

/** Collects what it is sent, noting the wall time each batch arrived. */
function memorySink() {
  const got: { e: Envelope; wall: number }[] = [];
  const totals = emptyTotals();
  const sink: Sink = {
    name: 'memory',
    totals,
    inFlight: 0,
    async send(batch) {
      const wall = Date.now();
      for (const e of batch) got.push({ e, wall });
      totals.events += batch.length;
      totals.accepted += batch.length;
    },
    async flush() {},
    async close() {},
  };
  return { sink, got };
}

describe('runSimulation', () => {
  it('fast mode: sends a whole run through the HTTP API, ending now, and reports progress', async () => {
    const stored = new Map<string, Envelope>();
    let batches = 0;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        batches++;
        const batch = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Envelope[];
        expect(batch.length).toBeLessThanOrEqual(1000);
        const results = batch.map((e, index) => {
          const dup = stored.has(e.id);
          stored.set(e.id, e);
          return { index, id: e.id, status: dup ? 'duplicate' : 'accepted' };
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const progress: SimulationProgress[] = [];
      const before = Date.now();
      const totals = await runSimulation({
        target: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        token: 't',
        durationSeconds: 900,
        seed: 9,
        realTime: false,
        scenarios: [{ name: 'pos-silent', startOffsetSec: 60, durationSec: 300 }],
        progressEveryMs: 0,
        onProgress: (p) => progress.push(p),
      });
      expect(totals.generated).toBeGreaterThan(3_000);
      expect(totals.sent.accepted).toBe(totals.generated);
      expect(stored.size).toBe(totals.generated);
      expect(batches).toBeGreaterThanOrEqual(Math.ceil(totals.generated / 1000));
      expect(progress.length).toBeGreaterThan(1);
      expect(totals.transport).toBe('http');
      expect(totals.stopped).toBe(false);
      expect(totals.scenarios).toEqual([{ name: 'pos-silent', target: 'POS-C2-007', startMs: totals.startMs + 60_000, endMs: totals.startMs + 360_000 }]);
      // the run ends about now, so opsdesk's clock-skew checks accept every event
      expect(totals.endMs - totals.startMs).toBe(900_000);
      expect(Math.abs(totals.endMs - before)).toBeLessThan(5_000);
      for (const e of stored.values()) expect(Date.parse(e.ts)).toBeLessThan(Date.now() + 1);
    } finally {
      server.close();
    }
  });

  it('fast mode gives the same events as the generator for the same seed and start', async () => {
    const start = Date.parse('2026-11-18T12:00:00+08:00');
    const { sink, got } = memorySink();
    await runSimulation({ sink, durationSeconds: 120, seed: 4, start, realTime: false });
    const direct = generateEvents({ estate: demoCampus(), seed: 4, startMs: start, durationMs: 120_000 });
    expect(JSON.stringify(got.map((g) => g.e))).toBe(JSON.stringify(direct));
  });

  it('real-time mode paces events to the wall clock', async () => {
    const { sink, got } = memorySink();
    const start = Date.parse('2026-11-18T12:00:00+08:00');
    const wallStart = Date.now();
    const totals = await runSimulation({ sink, durationSeconds: 1.5, seed: 1, start, realTime: true, rate: 20 });
    const wall = Date.now() - wallStart;
    expect(wall).toBeGreaterThanOrEqual(1_400);
    expect(got.length).toBeGreaterThan(50);
    expect(totals.generated).toBe(got.length);
    // nothing was sent before its virtual moment had come on the wall clock
    for (const { e, wall: arrived } of got) expect(Date.parse(e.ts) - start).toBeLessThanOrEqual(arrived - wallStart + 50);
    // and sending was spread over the run, not done at once
    expect(got.at(-1)!.wall - got[0]!.wall).toBeGreaterThan(800);
  });

  it('stops when asked, reporting what it did', async () => {
    const { sink, got } = memorySink();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 400);
    const totals = await runSimulation({ sink, durationSeconds: Infinity, seed: 1, realTime: true, signal: abort.signal, rate: 50 });
    expect(totals.stopped).toBe(true);
    expect(totals.generated).toBe(got.length);
  });

  it('refuses what it cannot do', async () => {
    await expect(runSimulation({ durationSeconds: 60, seed: 1, realTime: false })).rejects.toThrow(/nowhere to send/);
    await expect(runSimulation({ sink: memorySink().sink, durationSeconds: Infinity, seed: 1, realTime: false })).rejects.toThrow(/finite/);
    await expect(runSimulation({ sink: memorySink().sink, durationSeconds: 60, seed: 1, realTime: false, scenarios: [{ name: 'pos-silent', target: 'NOPE' }] })).rejects.toThrow(/no device/);
    expect(resolveStart({ realTime: false, durationSeconds: 60 }, 1_000_000)).toBe(940_000);
    expect(resolveStart({ realTime: true, durationSeconds: 60 }, 1_000_000)).toBe(1_000_000);
    expect(resolveStart({ realTime: true, durationSeconds: 60, start: '2026-11-18T12:00:00+08:00' }, 0)).toBe(Date.parse('2026-11-18T04:00:00Z'));
  });
});
