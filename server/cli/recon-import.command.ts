import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { DomainError } from '../errors.ts';
import { FILE_SOURCES } from '../modules/recon/index.ts';
import { withDatabaseOptions } from './options.ts';
import { reconRunCommand } from './recon-run.command.ts';
import { cliContext, withServices, type DbFlags } from './with-services.ts';

const out = (line: string) => process.stdout.write(`${line}\n`);

type ImportFlags = DbFlags & { source: (typeof FILE_SOURCES)[number]; file: string; encoding?: 'utf8' | 'gbk' | 'gb18030'; fileName?: string; timeZone?: string };

interface Shown {
  id: string;
  status: string;
  records: number;
  rejected: number;
  findings: number;
  findingCounts: Record<string, number>;
  findingList: { code: string; severity: string; file: string; line: number | null; field: string | null; message: string }[];
  findingsOmitted: number;
}

/** What an import found: the counts, then the file-level findings and the first row-level ones, one a line. */
function show(result: Shown, limit = 20): void {
  out(`import ${result.id}: ${result.status}, ${result.records} records, ${result.rejected} rejected rows, ${result.findings} findings`);
  const counts = Object.entries(result.findingCounts).map(([code, n]) => `${code} ${n}`);
  if (counts.length > 0) out(`  findings: ${counts.join(', ')}`);
  const shown = [...result.findingList.filter((f) => f.line === null), ...result.findingList.filter((f) => f.line !== null)].slice(0, limit);
  for (const f of shown) out(`  ${f.severity.padEnd(7)} ${f.code} ${f.file}${f.line === null ? '' : `:${f.line}`}${f.field ? ` [${f.field}]` : ''} ${f.message}`);
  const rest = result.findings - shown.length;
  if (rest > 0) out(`  … and ${rest} more (GET /api/v1/recon/imports/${result.id})`);
}

/**
 * `opsdesk recon import --source wechat --file F [--encoding gbk]`: the same import as the API's (hashed, parsed,
 * records to the data directory, findings stored, audited as cli:<user>) into the configured database. Exits 1 when
 * the file was refused (a file-level finding) or was imported before.
 */
export function reconCommand(): Command {
  const cli = cliContext();
  const recon = new Command('recon').description('reconciliation (对账): import bills, statements and ledgers; match a day from files');
  recon.addCommand(
    withDatabaseOptions(new Command('import'))
      .description('import one bill, statement or ledger file; prints the records kept and the findings by file and line')
      .addOption(new Option('--source <source>', 'what the file is').choices([...FILE_SOURCES]).makeOptionMandatory())
      .requiredOption('--file <file>', 'the file to import')
      .addOption(new Option('--encoding <encoding>', 'say the encoding instead of detecting it (gbk is read as GB18030)').choices(['utf8', 'gbk', 'gb18030']))
      .option('--file-name <name>', 'the name findings and records carry (default: the file’s own name)')
      .option('--time-zone <zone>', 'IANA zone of local times without an offset (default Asia/Shanghai)')
      .action((options: ImportFlags) =>
        withServices(options, async (services) => {
          const size = fs.statSync(options.file).size;
          if (size > services.recon.imports.maxBytes) throw new Error(`${options.file} is ${size} bytes; an import may be at most ${services.recon.imports.maxBytes}`);
          try {
            const result = await services.recon.imports.importFile(cli, fs.createReadStream(options.file), {
              source: options.source,
              fileName: options.fileName ?? path.basename(options.file),
              ...(options.encoding ? { encoding: options.encoding } : {}),
              ...(options.timeZone ? { timeZone: options.timeZone } : {}),
            });
            show(result);
          } catch (error) {
            if (error instanceof DomainError && error.code === 'IMPORT_FAILED') {
              show(error.details as Shown);
              process.exitCode = 1;
              return;
            }
            if (error instanceof DomainError && error.code === 'DUPLICATE_IMPORT') {
              out(`already imported as ${(error.details as { importId: string }).importId}: nothing done`);
              process.exitCode = 1;
              return;
            }
            throw error;
          }
        }),
      ),
  );
  recon.addCommand(reconRunCommand());
  return recon;
}
