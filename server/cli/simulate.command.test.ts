import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opsdesk } from '../testing/cli.ts';



describe('opsdesk simulate', () => {
  let server: http.Server;
  let target: string;
  const ids = new Set<string>();
  const tokens = new Set<string>();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        tokens.add(req.headers.authorization ?? '');
        const batch = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }[];
        const results = batch.map((e, index) => {
          const status = ids.has(e.id) ? 'duplicate' : 'accepted';
          ids.add(e.id);
          return { index, id: e.id, status };
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });

  it('exits 2 on an unknown scenario, listing the valid ones', async () => {
    const r = await opsdesk(['simulate', '--target', 'http://127.0.0.1:9', '--token', 't', '--scenario', 'pos-silent', 'alien-invasion']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown scenario "alien-invasion"');
    for (const name of ['pos-silent', 'switch-down', 'payment-failure-spike', 'ups-on-battery', 'brute-force-login', 'card-testing', 'backup-checkin-missed']) expect(r.stderr).toContain(name);
  });

  it('exits 2 without a destination or with a bad target device', async () => {
    expect((await opsdesk(['simulate', '--fast'])).code).toBe(2);
    const bad = await opsdesk(['simulate', '--target', target, '--token', 't', '--fast', '--duration', '60', '--scenario', 'switch-down:1m:5m:POS-C1-001']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected switch/);
  });

  it('sends a fast run and prints progress and a summary; the same seed again is all duplicates', async () => {
    const args = ['simulate', '--target', target, '--token', 'secret-token', '--fast', '--duration', '5m', '--seed', '77', '--start', new Date(Date.now() - 600_000).toISOString(), '--scenario', 'payment-failure-spike:1m:2m'];
    const first = await opsdesk(args);
    expect(first.code, first.stderr).toBe(0);
    const accepted = Number(/accepted ([\d,]+), duplicates 0, rejected 0/.exec(first.stdout)?.[1]?.replaceAll(',', ''));
    expect(accepted).toBeGreaterThan(1_000);
    expect(ids.size).toBe(accepted);
    expect(first.stdout).toMatch(/scenario payment-failure-spike → wechat,alipay/);
    expect(first.stdout).toMatch(/generated [\d,]+ \(heartbeat \d+, metric \d+, event \d+, txn \d+, login \d+\)/);
    expect(tokens).toEqual(new Set(['Bearer secret-token']));

    const again = await opsdesk(args);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`accepted 0, duplicates ${accepted.toLocaleString('en-US')}, rejected 0`);
  });
});
