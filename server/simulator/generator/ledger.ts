/**
 * The card accounts' books: balances and card counters, who eats and lives where (so customers come from the right
 * pool), and today's totals for the daily close.
 */
import type { CardAccount } from '../estate.ts';
import { streamFor, type Rng } from '../random.ts';
import { localDay } from '../rhythm.ts';

export class Ledger {
  readonly balance: Int32Array;
  readonly counter: Int32Array;
  readonly byCanteen = new Map<string, number[]>();
  readonly byDorm = new Map<string, number[]>();
  readonly students: number[] = [];
  readonly subsidised: number[] = [];
  readonly dayTotals = { day: -1, txns: 0, consumeFen: 0, rechargeFen: 0, transferFen: 0, refundFen: 0, subsidyFen: 0, ticketFen: 0 };

  constructor(
    readonly accounts: readonly CardAccount[],
    seed: number,
  ) {
    // Card accounts: opening balances and card counters from the seed.
    const acctRng = streamFor(seed, 'accounts');
    this.balance = new Int32Array(accounts.length);
    this.counter = new Int32Array(accounts.length);
    accounts.forEach((a, i) => {
      this.balance[i] = a.kind === 'staff' ? acctRng.range(10_000, 80_000) : acctRng.range(3_000, 45_000);
      this.counter[i] = acctRng.range(20, 900);
      const canteen = this.byCanteen.get(a.homeCanteen) ?? [];
      canteen.push(i);
      this.byCanteen.set(a.homeCanteen, canteen);
      if (a.dorm) {
        const dorm = this.byDorm.get(a.dorm) ?? [];
        dorm.push(i);
        this.byDorm.set(a.dorm, dorm);
      }
      if (a.kind === 'student') {
        this.students.push(i);
        if (i % 97 === 13) this.subsidised.push(i);
      }
    });
  }

  pickFrom(rng: Rng, list: readonly number[] | undefined): number {
    if (!list || list.length === 0) return rng.int(this.accounts.length);
    return list[rng.int(list.length)]!;
  }

  /** Of k random candidates, the one with the lowest balance: people recharge when they run low. */
  pickLowest(rng: Rng, list: readonly number[] | undefined, k: number): number {
    let best = this.pickFrom(rng, list);
    for (let i = 1; i < k; i++) {
      const c = this.pickFrom(rng, list);
      if (this.balance[c]! < this.balance[best]!) best = c;
    }
    return best;
  }

  countDay(at: number, type: string, amount: number): void {
    const day = localDay(at);
    const d = this.dayTotals;
    if (day !== d.day) {
      d.day = day;
      d.txns = d.consumeFen = d.rechargeFen = d.transferFen = d.refundFen = d.subsidyFen = d.ticketFen = 0;
    }
    d.txns++;
    if (type === 'consume') d.consumeFen += amount;
    else if (type === 'recharge') d.rechargeFen += amount;
    else if (type === 'transfer') d.transferFen += amount;
    else if (type === 'refund' || type === 'reversal') d.refundFen += amount;
    else if (type === 'subsidy') d.subsidyFen += amount;
    else if (type === 'ticket_sale') d.ticketFen += amount;
  }
}
