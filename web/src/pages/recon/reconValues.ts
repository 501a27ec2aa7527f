/** The reconciliation pages' fixed vocabularies and the small pure helpers behind their cards and tables. */
import type { DifferenceKind, DifferenceState, Encoding, Finding, ImportDetail, ImportStatus, JobStatus, Resolution, SourceName, Summary } from './reconApi';

/** As POST /recon/imports?source= accepts them (recon.schemas.ts SourceName): what the imports list filters by. */
export const SOURCES: readonly SourceName[] = ['ledger', 'wechat', 'wechat-fundflow', 'alipay', 'mt940', 'camt', 'unionpay', 'wechat-personal', 'alipay-personal', 'balances', 'live'];
/** Files one uploads: every source but `live` (opsdesk's own transactions, snapshotted by the server, not uploaded). */
export const UPLOAD_SOURCES: readonly SourceName[] = SOURCES.filter((s) => s !== 'live');
/** What a channel's side can name: every source but `balances` (the account daily settlement feeds every job's balance checks, not a side). */
export const CHANNEL_SOURCES: readonly SourceName[] = SOURCES.filter((s) => s !== 'balances');
export const ENCODINGS: readonly Encoding[] = ['utf8', 'gbk', 'gb18030'];
export const IMPORT_STATUSES: readonly ImportStatus[] = ['imported', 'failed'];
export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'done', 'failed'];
export const DIFFERENCE_STATES: readonly DifferenceState[] = ['open', 'investigating', 'resolved', 'rejected'];
export const RESOLUTIONS: readonly Resolution[] = ['force-match', 'adjust', 'refund', 'write-off'];
/** Resolutions that move money in the card system: proposed, then approved by a second person (maker-checker). */
export const NEEDS_CHECKER: ReadonlySet<Resolution> = new Set<Resolution>(['adjust', 'write-off']);
export const DIFFERENCE_KINDS: readonly DifferenceKind[] = [
  'missing-ours',
  'missing-theirs',
  'amount-mismatch',
  'status-mismatch',
  'duplicate',
  'out-of-window',
  'summary-mismatch',
  'balance-break',
  'counter-gap',
  'card-db-balance',
  'consumption-vs-balance',
  'recharge-vs-increase',
];

export const JOB_STATUS_COLOR: Record<JobStatus, string> = { queued: 'default', running: 'processing', done: 'success', failed: 'error' };
export const STATE_COLOR: Record<DifferenceState, string> = { open: 'red', investigating: 'orange', resolved: 'green', rejected: 'default' };
export const IMPORT_STATUS_COLOR: Record<ImportStatus, string> = { imported: 'success', failed: 'error' };

/** The signed delta (ours − theirs) means that only for an amount mismatch; other kinds carry the amount at stake there. */
export const deltaOf = (d: { kind: DifferenceKind; deltaFen: number | null }) => (d.kind === 'amount-mismatch' ? d.deltaFen : null);

/** A job whose row can still change: read again while it is on screen. */
export const isLiveJob = (job: { status: JobStatus }) => job.status === 'queued' || job.status === 'running';

/** The match rate as a percentage with two decimals ("99.50%"); a rate is a ratio, not money. */
export const formatRate = (rate: number) => `${(Math.round(rate * 10_000) / 100).toFixed(2)}%`;

export interface FindingGroup {
  code: string;
  /** every finding of this code the file had, stored or not (findingCounts) */
  count: number;
  severity: 'error' | 'warning';
  /** the stored ones, in file order */
  items: Finding[];
}

/**
 * Findings grouped by code: file-level errors first, then by how many there are. The counts are the import's own
 * (`findingCounts`), which include the findings not stored beyond the first thousand.
 */
export function groupFindings(detail: Pick<ImportDetail, 'findingList' | 'findingCounts'>): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const [code, count] of Object.entries(detail.findingCounts)) groups.set(code, { code, count, severity: 'warning', items: [] });
  for (const f of detail.findingList) {
    const g = groups.get(f.code) ?? { code: f.code, count: 0, severity: 'warning' as const, items: [] };
    g.items.push(f);
    if (f.severity === 'error') g.severity = 'error';
    groups.set(f.code, g);
  }
  for (const g of groups.values()) g.count = Math.max(g.count, g.items.length);
  return [...groups.values()].sort((a, b) => (a.severity === b.severity ? b.count - a.count || a.code.localeCompare(b.code) : a.severity === 'error' ? -1 : 1));
}

export interface SummaryRow {
  kind: DifferenceKind;
  count: number;
  amountFen: number;
  /** the previous run's count of this kind, when there was a previous run */
  previousCount: number | null;
}

/** One row per kind that this run or the previous one found, in the kinds' order. */
export function summaryRows(summary: Summary, previous: Summary | null | undefined): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const kind of DIFFERENCE_KINDS) {
    const now = summary.differences[kind] ?? { count: 0, amountFen: 0 };
    const before = previous ? (previous.differences[kind]?.count ?? 0) : null;
    if (now.count === 0 && !before) continue;
    rows.push({ kind, count: now.count, amountFen: now.amountFen, previousCount: before });
  }
  return rows;
}

export const matchedCount = (s: Summary) => s.matched.byId + s.matched.byKey + s.matched.manyToOne + s.matched.oneToMany;
export const differenceCount = (s: Summary) => Object.values(s.differences).reduce((n, d) => n + d.count, 0);

/** YYYY-MM-DD moved by whole days (calendar arithmetic in UTC: no zone can shift a date). */
export function addDays(day: string, days: number): string {
  const at = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(at)) return day;
  return new Date(at + days * 86_400_000).toISOString().slice(0, 10);
}

/** The trend shown beside a job: the 30 days up to its day. */
export const trendRange = (day: string) => ({ from: addDays(day, -29), to: day });

/** Yesterday in Asia/Shanghai: the day a run usually reconciles. */
export function yesterdayInShanghai(now: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
  return addDays(today, -1);
}

/** A difference's detail figures (`params`, classify.ts): which are fen, which epoch-ms instants, which codes. */
const MONEY_PARAMS = new Set([
  'ours',
  'theirs',
  'before',
  'amount',
  'expected',
  'after',
  'previousAfter',
  // the balance checks (card-db-balance, consumption-vs-balance, recharge-vs-increase)
  'cardBalance',
  'dbBalance',
  'ledgerConsumption',
  'impliedConsumption',
  'statedConsumption',
  'opening',
  'increase',
  'closing',
  'ledgerIncrease',
  'snapshotIncrease',
]);
const TIME_PARAMS = new Set(['ourTime', 'theirTime']);
const CODE_PARAMS = new Set(['how', 'side', 'check', 'ourStatus', 'theirStatus', 'cardBalanceFrom', 'snapshot']);

export type ParamValue = { kind: 'money'; fen: number } | { kind: 'time'; iso: string } | { kind: 'code'; code: string } | { kind: 'bool'; value: boolean } | { kind: 'text'; text: string };

/** How one detail figure is shown: money in yuan, instants in the display zone, codes and yes/no worded, the rest as it is. */
export function paramValue(key: string, value: string | number | boolean | null): ParamValue {
  if (value === null) return { kind: 'text', text: '—' };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : null;
  if (MONEY_PARAMS.has(key) && number !== null && Number.isSafeInteger(number)) return { kind: 'money', fen: number };
  if (TIME_PARAMS.has(key) && number !== null && Number.isFinite(number)) return { kind: 'time', iso: new Date(number).toISOString() };
  if (CODE_PARAMS.has(key) && typeof value === 'string') return { kind: 'code', code: value };
  return { kind: 'text', text: String(value) };
}
