import { createReadStream } from 'node:fs';
import type { ReconEngine } from './engine-port.ts';
import { importBalanceCsv, settlementRecord, type BalanceRow } from './importers/balance-csv.ts';
import type { ImportOptions, NormalizedRecord } from './importers/index.ts';
import { localToEpoch } from './importers/time.ts';
import { reconRepository as repo } from './recon.repository.ts';
import type { ReconImportsTable } from './recon.tables.ts';
import { emptyReading, tallyFinding, type ImportReading } from './sources.ts';

/**
 * The card system's account daily settlement (账户日结表) as an import and as a job's input (issue 13 item 4): the
 * balance checks' side of the story. It is imported like a bill (`POST /imports?source=balances`: spooled, hashed,
 * findings stored, all or nothing per file) but holds balances, not transactions, so it is read by its own importer
 * (importers/balance-csv.ts) into a balance file (engine/balance-file.ts), and a job takes the settlements that hold
 * its day on their own: every job, whatever its channel, compares our side's in-day records with the day's newest
 * settlement (engine/balances.ts), and a day without one skips those checks (`summary.balanceChecks`).
 */
export const BALANCE_SOURCE = 'balances';

const midnight = (day: string, zone: string) => localToEpoch(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10)), 0, 0, 0, 0, zone);

/** Streams a spooled settlement through its importer into a balance file, keeping findings as the import service does. */
export async function readBalanceImport(
  file: string,
  options: ImportOptions,
  target: string,
  engine: Pick<ReconEngine, 'writeBalanceFile'>,
  rowLevelCap: number,
): Promise<ImportReading> {
  const reading = emptyReading();
  const rowLevel = { kept: 0 };
  let first: string | null = null;
  let last: string | null = null;
  async function* rows(): AsyncGenerator<BalanceRow> {
    for await (const event of importBalanceCsv(createReadStream(file), options)) {
      if (event.type === 'balance') {
        const b = event.balance;
        if (first === null || b.day < first) first = b.day;
        if (last === null || b.day > last) last = b.day;
        reading.amount += BigInt(b.closingFen);
        yield b;
      } else if (event.type === 'finding') tallyFinding(reading, event.finding, rowLevel, rowLevelCap);
      else if (event.type === 'meta') reading.meta = event.meta;
      else reading.stats = event.stats;
    }
  }
  await engine.writeBalanceFile(rows(), target);
  const zone = options.timeZone ?? 'Asia/Shanghai';
  if (first !== null && last !== null) [reading.minTxn, reading.maxTxn] = [midnight(first, zone), midnight(last, zone)];
  return reading;
}

/**
 * The settlements that may hold `day`: imported balance files whose days reach it (their span is stored as local
 * midnights; half a day either way covers any zone), oldest first. The engine takes the newest that has rows of the day.
 */
export function balanceInputs(db: Parameters<typeof repo.importsCovering>[0], day: string): Promise<ReconImportsTable[]> {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  return repo.importsCovering(db, [BALANCE_SOURCE], utcMidnight - 14 * 3_600_000, utcMidnight + 14 * 3_600_000 + 1);
}

/** A page of a settlement import's rows, as records (the import preview): opening as balance before, closing as after. */
export async function settlementPreview(engine: Pick<ReconEngine, 'readBalanceFile'>, path: string, options: { limit: number; offset: number }): Promise<(NormalizedRecord & { rowKey: number })[]> {
  return (await engine.readBalanceFile(path, options)).map((b) => ({ ...settlementRecord(b), rowKey: b.rowKey }));
}
