import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cassetteBody, haveFixtures } from '../modules/recon/importers/fixtures.test-support.ts';
import { cliDatabase, opsdesk, type CliDatabase } from '../testing/cli.ts';
import { describeEachDatabase } from '../testing/each-database.ts';

// Each step starts the real command (a few seconds each on a busy two-core machine).
describeEachDatabase(
  'opsdesk recon import on %s',
  (dialect) => {
    let cli: CliDatabase;
    beforeAll(async () => {
      cli = await cliDatabase(dialect, 'opsdesk-recon-cli-');
    });
    afterAll(() => cli.destroy());

    it('imports a WeChat bill into the configured database, refuses it a second time, and names why a cut file fails', { timeout: 180_000 }, async () => {
      const bill = path.join(cli.dir, 'fund_flow.csv');
      fs.writeFileSync(bill, cassetteBody('wechatpay/download_fund_flow.vcr.json'));
      const first = await opsdesk(['recon', 'import', '--source', 'wechat-fundflow', '--file', bill, ...cli.dbArgs], cli.env);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/^import \w+: imported, 1 records, 0 rejected rows, 5 findings/);
      expect(first.stdout).toContain('SUMMARY_MISMATCH 5');
      expect(first.stdout).toContain('SUMMARY_MISMATCH fund_flow.csv');
      const id = /^import (\w+):/.exec(first.stdout)![1]!;
      expect(fs.existsSync(path.join(cli.dir, 'recon', 'imports', `${id}.parquet`))).toBe(true);

      const again = await opsdesk(['recon', 'import', '--source', 'wechat-fundflow', '--file', bill, ...cli.dbArgs], cli.env);
      expect(again.code).toBe(1);
      expect(again.stdout).toContain(`already imported as ${id}`);

      const cut = path.join(cli.dir, 'ledger.csv');
      fs.writeFileSync(cut, 'txn_id,card_no,account_no,terminal_id,txn_type,amount_fen,txn_time,status\nT1,C1,A1,P1,consume,100,2026-11-30 10:00:00,success\n');
      const failed = await opsdesk(['recon', 'import', '--source', 'ledger', '--file', cut, '--encoding', 'gbk', ...cli.dbArgs], cli.env);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toContain('failed, 0 records');
      expect(failed.stdout).toMatch(/error\s+TRUNCATED ledger\.csv/);

      const bad = await opsdesk(['recon', 'import', '--source', 'paypal', '--file', cut, ...cli.dbArgs], cli.env);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('--source');
    });
  },
  { skip: haveFixtures ? undefined : 'the shared fixtures are not beside the project' },
);
