/**
 * The bench:ingest workload with the default rules: a server started exactly as bench/ingest.bench.ts starts it (a new
 * data directory, nothing written before the start, so `ensureDefaults` seeds the default rules), the demo campus
 * registered through the import API, then the simulator's events in batches of 1,000 from 8 senders. Run twice: as
 * started (defaults on) and with every rule disabled before the first batch; each is timed to the last answer, as
 * bench:ingest is, and then to the moment the evaluator has handled the last batch, which bench:ingest does not wait for.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../server/db/database.ts';
import { demoEstateCsv } from '../../server/demo.ts';
import type { Envelope } from '../../server/modules/ingest/envelope.ts';
import { demoCampus } from '../../server/simulator/estate.ts';
import { EventGenerator } from '../../server/simulator/generator.ts';
import { ADMIN_PASSWORD } from '../../server/testing/app.ts';
import { createToken, startServerProcess } from '../../server/testing/server-process.ts';
import { postBatch } from './http.ts';
import { cpuBetween, percentile, perSec, sampleCpu } from './measure.ts';
import { waitForEvaluator } from './server.ts';

const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

/** The simulator's campus compressed in time, as bench:ingest makes it (same seed, same batches). */
function simulatorBodies(count: number, batch: number, seed: number): { bodies: Buffer[]; total: number } {
  const estate = demoCampus();
  const hours = Math.ceil(count / 25_000) + 1;
  const now = Date.now();
  const generator = new EventGenerator({ estate, seed, startMs: now - hours * 3_600_000, durationMs: hours * 3_600_000, rate: 1 });
  const bodies: Buffer[] = [];
  let total = 0;
  while (total < count && !generator.done) {
    const out: Envelope[] = [];
    generator.take(Infinity, Math.min(batch, count - total), out);
    if (out.length === 0) break;
    bodies.push(Buffer.from(JSON.stringify(out)));
    total += out.length;
  }
  return { bodies, total };
}

async function campusRun(bodies: Buffer[], total: number, rulesOn: boolean, concurrency: number, diagnostics: { nodeArgs: string[]; env: Record<string, string> }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-bench-campus-'));
  const server = await startServerProcess({
    dataDir: dir,
    nodeArgs: diagnostics.nodeArgs,
    env: { OPSDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, OPSDESK_RATE_LIMIT_PER_MINUTE: '0', OPSDESK_LOG_LEVEL: 'error', ...diagnostics.env },
  });
  const db = openDatabase({ kind: 'sqlite', file: path.join(dir, 'opsdesk.sqlite') });
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const rules = await db.kysely.selectFrom('alert_rules').select(['key', 'enabled']).execute();
    const seeded = rules.filter((r) => r.enabled === 1).length;
    if (!rulesOn) await db.kysely.updateTable('alert_rules').set({ enabled: 0, updated_at: Date.now() }).execute();
    const token = await createToken(server.url, ADMIN_PASSWORD, ['ingest:write', 'estate:write', 'sites:write']);
    const csv = demoEstateCsv();
    for (const [kind, body] of [['sites', csv.sites], ['devices', csv.devices]] as const) {
      const res = await fetch(`${server.url}/api/v1/imports/${kind}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body });
      if (!res.ok) throw new Error(`importing ${kind} failed: ${res.status} ${await res.text()}`);
    }
    const url = new URL(`${server.url}/api/v1/ingest?results=errors`);
    const acks: number[] = [];
    let accepted = 0;
    let next = 0;
    const cpuA = sampleCpu(server.child.pid!);
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < bodies.length; i = next++) {
          const t0 = performance.now();
          const answer = await postBatch(agent, url, token, bodies[i]!);
          accepted += answer.accepted;
          acks.push(performance.now() - t0);
        }
      }),
    );
    const ms = performance.now() - started;
    const cpuB = sampleCpu(server.child.pid!);
    const caught = await waitForEvaluator(db, 300_000);
    if (accepted !== total) throw new Error(`campus: accepted ${accepted} of ${total}`);
    return {
      rulesAtStart: rules.length,
      enabledAtStart: seeded,
      eventsPerSec: perSec(total, ms),
      p50AckMs: Math.round(percentile(acks, 0.5)),
      p99AckMs: Math.round(percentile(acks, 0.99)),
      catchUpMs: Math.round(caught.ms),
      caughtUp: caught.caughtUp,
      evaluatedPerSec: perSec(total, ms + caught.ms),
      cpu: cpuBetween(cpuA, cpuB, server.child.pid!),
    };
  } finally {
    agent.destroy();
    await db.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function runCampus(o: { log: (line: string) => void; diagnostics: (tag: string) => { nodeArgs: string[]; env: Record<string, string> } }) {
  const events = Number(argValue('campus-events') ?? 600_000);
  const { bodies, total } = simulatorBodies(events, 1000, 20261129);
  o.log('campus (bench:ingest workload): default rules on');
  const on = await campusRun(bodies, total, true, 8, o.diagnostics('campus-rules-on'));
  o.log('campus (bench:ingest workload): rules off');
  const off = await campusRun(bodies, total, false, 8, o.diagnostics('campus-rules-off'));
  const cpu = (c: typeof on.cpu) => (c ? `${c.mainPct} % / ${c.busiestOtherPct} % (${c.busiestOther})` : 'n/a');
  console.log(`\n### bench:ingest workload (demo campus, 251 devices, ${total.toLocaleString('en')} simulator events, 8 senders × 1,000) on SQLite`);
  console.log(`A fresh server as bench:ingest starts it holds ${on.rulesAtStart} rules, ${on.enabledAtStart} enabled: bench:ingest evaluates the default rules.`);
  console.log('| | default rules on | all rules off | ratio |');
  console.log('|---|---:|---:|---:|');
  console.log(`| events/s acknowledged (what bench:ingest reports) | ${on.eventsPerSec.toLocaleString('en')} | ${off.eventsPerSec.toLocaleString('en')} | ${(on.eventsPerSec / off.eventsPerSec).toFixed(2)} |`);
  console.log(`| ack p50 / p99 ms | ${on.p50AckMs} / ${on.p99AckMs} | ${off.p50AckMs} / ${off.p99AckMs} | |`);
  console.log(`| evaluator caught up ms after the last answer | ${on.catchUpMs}${on.caughtUp ? '' : ' (not caught up)'} | ${off.catchUpMs} | |`);
  console.log(`| events/s acknowledged and evaluated | ${on.evaluatedPerSec.toLocaleString('en')} | ${off.evaluatedPerSec.toLocaleString('en')} | ${(on.evaluatedPerSec / off.evaluatedPerSec).toFixed(2)} |`);
  console.log(`| server CPU while sending, main thread / busiest other thread | ${cpu(on.cpu)} | ${cpu(off.cpu)} | |`);
  return { on, off };
}
