/**
 * The contract between a reconciliation job (recon service: tables, workflow, API) and the matching engine
 * (`engine/`, DuckDB). The service decides what a job compares and stores what it found; the engine reads the sides'
 * normalized records from columnar files, matches, classifies and answers. Types only: both sides build against this.
 */
import type { NormalizedRecord } from './importers/index.ts';

/** Local wall-clock time `HH:mm` at which a side's business day ends, in an IANA zone ("00:00" = midnight). */
export interface Cutoff {
  time: string;
  timeZone: string;
}

/** One side of a job: Parquet files of normalized records (written by the engine's record writer) and its cut-off. */
export interface SideInput {
  /** display name of the side, e.g. "card ledger" or "WeChat Pay" */
  label: string;
  files: string[];
  cutoff: Cutoff;
}

/** Where a one-to-one match by composite key may differ. Amount tolerances apply to one-to-one matches only. */
export interface MatchTolerances {
  amountAbsFen: number;
  /** percent of the larger amount, e.g. 0.5 for 0.5 % */
  amountPct: number;
  /** how far apart the two sides' transaction times may be */
  timeWindowMs: number;
  /** `right-after-left`: the channel's time may only be later than the ledger's (its clock runs behind, say) */
  timeDirection: 'either' | 'right-after-left' | 'right-before-left';
}

export interface MatchSpec {
  /** business day `YYYY-MM-DD`: each side takes the records of the day that ends at its own cut-off */
  day: string;
  /** ours: the card ledger, the live transactions, back-filled records */
  left: SideInput;
  /** theirs: the channel's bill or the bank's statement */
  right: SideInput;
  /** records within this many minutes before a side's cut-off that find no partner are carried to the next day */
  carryWindowMinutes: number;
  /** the previous day's carried-out records (Parquet), released into this day's matching first */
  carriedIn: { left: string | null; right: string | null };
  tolerances: MatchTolerances;
  /** proposed matches scoring at or above this (0..1) are confirmed automatically */
  autoConfirmScore: number;
  /** a private directory for this job's files (pairs, carried-out records); the engine creates what it writes */
  workDir: string;
  /** find everything, write nothing (no pairs file, no carried-out files) */
  dryRun: boolean;
  /** the card system's account daily settlements (balance files, engine/balance-file.ts), oldest first: the balance checks' input; none: those checks are skipped */
  balances?: string[] | null;
  onProgress?: (progress: MatchProgress) => void;
}

export interface MatchProgress {
  phase: 'load' | 'match-id' | 'match-key' | 'match-sums' | 'classify' | 'checks' | 'write';
  /** 0..1 of the whole job */
  fraction: number;
}

/**
 * The kinds of difference a job reports. The first group compares the sides; the second checks one side on its own
 * (the card ledger's balances and counters, and the post-restore checks the tender names).
 */
export type DifferenceKind =
  /** 长款: on their side, not on ours */
  | 'missing-ours'
  /** 短款: on our side, not on theirs */
  | 'missing-theirs'
  | 'amount-mismatch'
  | 'status-mismatch'
  /** the same transaction twice on one side */
  | 'duplicate'
  /** matched, but the partner belongs to a day outside the carry-over window */
  | 'out-of-window'
  /** a file's own summary or footer disagrees with its rows (from the import's findings) */
  | 'summary-mismatch'
  /** per account and day: opening + Σ entries ≠ closing; per card row: before ± amount ≠ after */
  | 'balance-break'
  /** the card counter skips: offline records not yet collected */
  | 'counter-gap'
  /** 卡库不平: the card's balance (last balance after) ≠ the account's balance in the database */
  | 'card-db-balance'
  /** after a restore: consumption that the balances do not account for */
  | 'consumption-vs-balance'
  /** after a restore: recharges that the account increases do not account for */
  | 'recharge-vs-increase';

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

/** A record as a difference shows it: the normalized fields plus where it came from (file, line, raw row). */
export type DifferenceRecord = Omit<NormalizedRecord, 'lostIds'> & { lostIds: string[] };

/**
 * A difference's machine-readable detail, as emitted: the engine's classification (engine/classify.ts) gives figures
 * and ids (numbers, text, null where a side has none) and flags (`unmatchable`, `carried`: booleans); the service adds
 * a summary mismatch's finding and a rejected proposal's id (`rejectedProposal: true`). The API's schema
 * (recon.schemas.ts DifferenceParams) is checked against this type when the project is type-checked.
 */
export type DifferenceParams = Record<string, string | number | boolean | null>;

export interface Difference {
  kind: DifferenceKind;
  /** our side's records (several for a many-to-one whose sums disagree), empty when missing on ours */
  left: DifferenceRecord[];
  right: DifferenceRecord[];
  /** normalized field names whose values differ between the sides, for the side-by-side view */
  fields: string[];
  /** left − right in fen for amount differences (signed); the amount at stake otherwise; null when unknown */
  deltaFen: number | null;
  /** the amount at stake, fen (≥ 0) */
  amountFen: number;
  /** the transaction time the difference is filed under (epoch ms) */
  txnTime: number | null;
  /** account or card the difference concerns (balance, counter and restore checks) */
  account: string | null;
  /** machine-readable detail for the console's sentence: expected/actual balances, counter range, the key … */
  params: DifferenceParams;
}

/** A match the engine proposes but did not confirm (score below `autoConfirmScore`). */
export interface ProposedMatch {
  left: DifferenceRecord[];
  right: DifferenceRecord[];
  /** 0..1 */
  score: number;
  /** why: `same-merchant-order-id`, `amount-within-0.5%`, `time-within-90s` … */
  reasons: string[];
}

export interface SideSummary {
  records: number;
  amountFen: number;
  /** carried in from the previous day / carried out to the next */
  carriedIn: number;
  carriedOut: number;
}

export interface MatchSummary {
  left: SideSummary;
  right: SideSummary;
  matched: {
    byId: number;
    byKey: number;
    /** groups matched with equal sums: many of ours to one of theirs, one of ours to many of theirs */
    manyToOne: number;
    oneToMany: number;
    amountFen: number;
  };
  proposed: number;
  differences: Record<DifferenceKind, { count: number; amountFen: number }>;
  /** matched records / all records of both sides, 0..1 */
  matchRate: number;
  elapsedMs: number;
  /** the checks against the account daily settlement: done, or skipped for want of one (absent in runs made before them) */
  balanceChecks?: BalanceChecks;
}

/** What the balance checks compared (engine/balances.ts); `no-snapshot`: the day had no account daily settlement, nothing was checked. */
export interface BalanceChecks {
  status: 'checked' | 'no-snapshot';
  /** settlement rows of the day and their accounts */
  rows: number;
  accounts: number;
  /** the day's ledger records that name no account and whose card the settlement does not know: not in any sum */
  unattributed: number;
}

export interface MatchResult {
  summary: MatchSummary;
  differences: Difference[];
  proposals: ProposedMatch[];
  /** confirmed pairs (left and right record keys, how, score) as Parquet in workDir; null on a dry run */
  pairsFile: string | null;
  /** records carried to the next day's job; null on a dry run or when nothing was carried */
  carriedOut: { left: string | null; right: string | null };
}
