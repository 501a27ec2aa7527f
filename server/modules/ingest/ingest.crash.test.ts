import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../../ids.ts';
import { ADMIN_PASSWORD } from '../../testing/app.ts';
import { createToken, startServerProcess, type ServerProcess } from '../../testing/server-process.ts';

/** ≥ 20 rounds, as the issue asks for CI; OPSDESK_CRASH_ROUNDS turns it up for a longer soak. */
const ROUNDS = Number(process.env.OPSDESK_CRASH_ROUNDS ?? 20);

describe('kill -9 during ingest', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdesk-crash-'));
  let server: ServerProcess | null = null;
  afterAll(async () => {
    await server?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`loses no acknowledged event and duplicates none over ${ROUNDS} crashes`, async () => {
    const env = { OPSDESK_ADMIN_PASSWORD: ADMIN_PASSWORD, OPSDESK_RATE_LIMIT_PER_MINUTE: '0' };
    const acknowledged = new Set<string>();
    const txnIds = new Set<string>();
    let token = '';

    for (let round = 0; round < ROUNDS; round++) {
      server = await startServerProcess({ dataDir: dir, env });
      if (!token) token = await createToken(server.url, ADMIN_PASSWORD, ['ingest:write']);
      const url = server.url;
      let stop = false;

      // Four senders post batches as fast as they are answered; a sent batch that gets no answer proves nothing.
      const sender = async () => {
        while (!stop) {
          const batch = Array.from({ length: 200 }, (_, i) => {
            const id = newId();
            return i % 4 === 0
              ? { id, kind: 'txn', ts: new Date().toISOString(), device: 'POS-CRASH', data: { txnId: `T-${id}`, type: 'consume', amountFen: 500, status: 'ok' } }
              : { id, kind: 'metric', ts: new Date().toISOString(), device: 'POS-CRASH', data: { name: 'm', value: i } };
          });
          // Half the batches are sent twice: the second answer must call them duplicates, never store them again.
          const resend = Math.random() < 0.5;
          try {
            for (let attempt = 0; attempt < (resend ? 2 : 1); attempt++) {
              const res = await fetch(`${url}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(batch) });
              if (res.status !== 200) continue;
              const body = (await res.json()) as { results: { id: string; status: string }[] };
              for (const r of body.results) if (r.status === 'accepted' || r.status === 'duplicate') acknowledged.add(r.id);
              for (const item of batch) if (item.kind === 'txn' && acknowledged.has(item.id)) txnIds.add(item.data.txnId as string);
            }
          } catch {
            return; // the server died under us
          }
        }
      };
      const senders = Array.from({ length: 4 }, sender);
      await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 600));
      await server.kill();
      stop = true;
      await Promise.all(senders);
      server = null;
    }

    const db = new SQLite(path.join(dir, 'opsdesk.sqlite'), { readonly: true });
    try {
      const stored = new Set((db.prepare('select id from events').all() as { id: string }[]).map((r) => r.id));
      const missing = [...acknowledged].filter((id) => !stored.has(id));
      expect(acknowledged.size).toBeGreaterThan(ROUNDS * 200);
      expect(missing, `${missing.length} acknowledged events were lost`).toEqual([]);
      const txns = db.prepare('select txn_id, count(*) as n from transactions group by txn_id having n > 1').all();
      expect(txns).toEqual([]);
      const storedTxns = new Set((db.prepare('select txn_id from transactions').all() as { txn_id: string }[]).map((r) => r.txn_id));
      expect([...txnIds].filter((id) => !storedTxns.has(id))).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    // The audit chain survived every crash too.
    const verify = await import('node:child_process').then(({ execFileSync }) =>
      execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../../bin/opsdesk.mjs'), 'audit', 'verify', '--data', dir]).toString(),
    );
    expect(verify).toContain('audit log intact');
  }, 300_000);
});
