import type { KeyObject } from 'node:crypto';
import fs from 'node:fs';
import { Command, Option } from 'commander';
import { openDatabase, targetFromConfig } from '../db/database.ts';
import { keyIdOf, publicKeyPathFor, readPublicKey, verifyChain, type VerifyReport } from '../modules/audit/index.ts';
import { configOrExit, withDatabaseOptions } from './options.ts';

/** Trusted keys: those named with --public-key, else the key pair in the data directory, if it is there. */
function trustedKeys(files: string[], signingKeyPath: string): Map<string, KeyObject> {
  const candidates = files.length > 0 ? files : [publicKeyPathFor(signingKeyPath), signingKeyPath].filter((f) => fs.existsSync(f)).slice(0, 1);
  const keys = new Map<string, KeyObject>();
  for (const file of candidates) {
    const key = readPublicKey(file);
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

function cannotCheck(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function printReport(report: VerifyReport): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (report.ok) {
    out(`audit log intact: ${report.recordsChecked} records (${report.firstSeq ?? '-'}–${report.lastSeq ?? '-'}), ${report.checkpointsChecked} signed checkpoints, last at ${report.lastCheckpointSeq ?? 'none'} (${report.durationMs} ms)`);
  } else {
    const first = report.problems[0]!;
    out(`audit log DAMAGED: first bad record ${first.seq ?? '?'}: ${first.message}`);
    for (const p of report.problems.slice(1)) out(`  also ${p.seq ?? '?'} [${p.kind}]: ${p.message}`);
  }
  if (report.signaturesUnchecked) out('warning: no trusted public key was found, so checkpoint signatures were not checked (pass --public-key)');
}

export function auditCommand(): Command {
  const audit = new Command('audit').description('the tamper-evident audit log');
  audit.addCommand(
    withDatabaseOptions(new Command('verify'))
      .description('check the hash chain and signed checkpoints; exits 0 when intact, 1 naming the first bad record, 2 when it cannot check')
      .addOption(new Option('--public-key <file...>', 'trusted Ed25519 public key(s), PEM (default: the one in the data directory)'))
      .option('--json', 'print the report as JSON')
      .action(async (options: { data?: string; databaseUrl?: string; publicKey?: string[]; json?: boolean }) => {
        const config = configOrExit(options);
        if (!config.databaseUrl && !fs.existsSync(config.sqlitePath)) cannotCheck(`no opsdesk database at ${config.sqlitePath}`);
        let report: VerifyReport;
        try {
          const keys = trustedKeys(options.publicKey ?? [], config.audit.signingKeyPath);
          const db = openDatabase(targetFromConfig(config));
          try {
            report = await verifyChain(db, keys);
          } finally {
            await db.close();
          }
        } catch (error) {
          // An unusable database or key file: one line that names it, not a stack trace.
          cannotCheck(`opsdesk audit verify: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else printReport(report);
        process.exitCode = report.ok ? 0 : 1;
      }),
  );
  return audit;
}
