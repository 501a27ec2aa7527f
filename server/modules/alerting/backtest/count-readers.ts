import type { CompiledRule } from '../engine/compiled-rule.ts';
import type { DeviceInfo, Directory } from '../engine/directory.ts';
import { identityFor } from '../engine/observe.ts';
import type { Series } from '../engine/series.ts';
import type { TxnFilter } from '../rules/rule.schemas.ts';
import type { BacktestRepository, SeriesCountRow } from './backtest.repository.ts';
import { inChunks, SliceReader, type Feed } from './readers.ts';

/**
 * Counts per series and minute, added to the series of the rules that count the same (a saved rule and its proposal
 * that differ in their threshold alone read the counts once).
 */
abstract class CountReader extends SliceReader<SeriesCountRow> {
  private readonly targets = new Map<string, Series[]>();
  protected readonly rules: CompiledRule[] = [];
  /** Another rule that counts exactly the same series. */
  share(rule: CompiledRule): void {
    this.rules.push(rule);
  }
  protected abstract identity(rule: CompiledRule, row: SeriesCountRow, directory: Directory): ReturnType<typeof identityFor> | null;
  protected minute(row: SeriesCountRow): number {
    return row.minute;
  }
  protected put(r: SeriesCountRow, into: Feed): void {
    let series = this.targets.get(r.key);
    if (!series) {
      series = [];
      for (const rule of this.rules) {
        const identity = this.identity(rule, r, into.directory);
        if (identity) series.push(into.store.get(rule, identity));
      }
      this.targets.set(r.key, series);
    }
    for (const s of series) {
      if (s.data.kind === 'ratio') s.data.buckets.add(r.minute, r.n, r.d);
      else if (s.data.kind === 'buckets') s.data.buckets.add(r.minute, r.d, r.d, r.d, r.d, r.d);
      into.touch(s);
    }
  }
}

/** A device of a site, to name a site's series by (identityFor takes the site from a device). */
const deviceOfSite = (directory: Directory, siteId: string): DeviceInfo | undefined => directory.siteDevices(siteId)[0];

/**
 * A ratio's two counts, or a transaction count (txn.count, txn.failed: the denominator alone), per series: the device,
 * its site or the channel, as the evaluator keeps them apart.
 */
export class TxnSeriesReader extends CountReader {
  constructor(
    private readonly repo: BacktestRepository,
    private readonly q: { by: 'device' | 'site' | 'channel'; numerator: TxnFilter; denominator: TxnFilter; codes: readonly string[] | null; channel?: string | null; anyDevice: DeviceInfo },
  ) {
    super();
  }
  protected async read(from: number, to: number): Promise<SeriesCountRow[]> {
    const { codes, ...q } = this.q;
    if (codes === null) return this.repo.transactionSeries({ ...q, from, to, codes: null });
    return inChunks(codes, (c) => this.repo.transactionSeries({ ...q, from, to, codes: c }), (r) => r.minute);
  }
  protected identity(rule: CompiledRule, r: SeriesCountRow, directory: Directory) {
    if (this.q.by === 'channel') return identityFor(rule, 'channel', this.q.anyDevice, r.key);
    const device = this.q.by === 'device' ? directory.byCode(r.key) : deviceOfSite(directory, r.key);
    return device ? identityFor(rule, this.q.by, device) : null;
  }
}

/** A login count (logins.failed, logins.all) per series: the device, its site or the account. */
export class LoginSeriesReader extends CountReader {
  constructor(
    private readonly repo: BacktestRepository,
    private readonly q: { by: 'device' | 'site' | 'account'; failedOnly: boolean; codes: readonly string[] | null; account?: string },
  ) {
    super();
  }
  protected async read(from: number, to: number): Promise<SeriesCountRow[]> {
    const { codes, ...q } = this.q;
    if (codes === null) return this.repo.loginSeries({ ...q, from, to, codes: null });
    return inChunks(codes, (c) => this.repo.loginSeries({ ...q, from, to, codes: c }), (r) => r.minute);
  }
  protected identity(rule: CompiledRule, r: SeriesCountRow, directory: Directory) {
    if (this.q.by === 'account') {
      const device = directory.byCode(r.device ?? '');
      return device ? identityFor(rule, 'account', device, r.key) : null;
    }
    const device = this.q.by === 'device' ? directory.byCode(r.key) : deviceOfSite(directory, r.key);
    return device ? identityFor(rule, this.q.by, device) : null;
  }
}

