/**
 * What a person writes in a back-fill form or sheet, turned into stored values — pure, tested in backfill.values.test.ts.
 * Amounts on paper are yuan ("12.50", "¥1,200"): they become integer fen by their digits, never through a float.
 * Times are the site's wall clock ("2026-11-10 10:30"); an explicit offset ("…+08:00", "…Z") is honoured.
 */
import { instantOfWallMs } from '../calendar/index.ts';
import type { BackfillKind } from './backfill.tables.ts';

/** At most one million yuan per record: far above any ticket or counter payment, far below a safe integer. */
export const MAX_AMOUNT_FEN = 100_000_000;

const KIND_WORDS: Record<string, BackfillKind> = {
  ticket_sale: 'ticket_sale', ticketsale: 'ticket_sale', sale: 'ticket_sale', 售票: 'ticket_sale', 手工售票: 'ticket_sale', 人工售票: 'ticket_sale',
  ticket_check: 'ticket_check', ticketcheck: 'ticket_check', check: 'ticket_check', 检票: 'ticket_check', 验票: 'ticket_check', 手持检票: 'ticket_check',
  counter_payment: 'counter_payment', counterpayment: 'counter_payment', payment: 'counter_payment', 收款: 'counter_payment', 柜台收款: 'counter_payment', 人工收款: 'counter_payment', 窗口收款: 'counter_payment',
};

/** The kind a cell names (code or Chinese word), or null. */
export const kindOf = (text: string): BackfillKind | null => KIND_WORDS[text.toLowerCase().replace(/[\s-]/g, '')] ?? KIND_WORDS[text.toLowerCase()] ?? null;

export const CHANNELS = ['cash', 'card', 'wechat', 'alipay', 'bank', 'unionpay'] as const;
export type Channel = (typeof CHANNELS)[number];
const CHANNEL_WORDS: Record<string, Channel> = {
  cash: 'cash', 现金: 'cash', card: 'card', 一卡通: 'card', 校园卡: 'card', 卡: 'card', wechat: 'wechat', 微信: 'wechat', 微信支付: 'wechat',
  alipay: 'alipay', 支付宝: 'alipay', bank: 'bank', 银行: 'bank', 银行卡: 'bank', unionpay: 'unionpay', 银联: 'unionpay', 云闪付: 'unionpay',
};
/** The channel a cell names, or null when it names none. */
export const channelOf = (text: string): Channel | null => CHANNEL_WORDS[text.toLowerCase().replace(/\s/g, '')] ?? null;

/** Yuan as written ("12.5", "¥1,200.00", "０" is not accepted) → fen; null when it is not such an amount. */
export function yuanToFen(text: string): number | null {
  const cleaned = text.replace(/^[¥￥]/, '').replace(/,(?=\d{3}(\D|$))/g, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Fen as written ("1250"); null when not a whole non-negative number. */
export function fenOf(text: string): number | null {
  return /^\d{1,12}$/.test(text) ? Number(text) : null;
}

const LOCAL = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A time cell → epoch ms, or null. Without an offset it is the wall clock of `zone`. `zIsWall`: XLSX date cells come
 * out of the reader as the sheet's wall clock written with a Z (exceljs gives them as UTC), so there the Z is not an
 * offset.
 */
export function timeOf(text: string, zone: string, zIsWall = false): number | null {
  const m = LOCAL.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, offset] = m;
  const parts = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? 0)];
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, Number((ms ?? '0').padEnd(3, '0')));
  if (new Date(wall).getUTCDate() !== day) return null; // 2026-02-30
  if (offset === undefined || (offset === 'Z' && zIsWall)) return instantOfWallMs(wall, zone);
  if (offset === 'Z') return wall;
  const o = /^([+-])(\d{2}):?(\d{2})$/.exec(offset)!;
  const minutes = Number(o[2]) * 60 + Number(o[3]);
  if (minutes > 14 * 60) return null;
  return wall - (o[1] === '-' ? -1 : 1) * minutes * 60_000;
}

/** A record number as written on the handheld or the paper book: 1–64 printable characters. */
export const RECORD_NO = /^[^\s\p{Cc}][^\p{Cc}]{0,62}[^\s\p{Cc}]$|^[^\s\p{Cc}]$/u;

/** The transactions row id of a back-filled record: one per device and record number, so the same record is one row. */
export const txnIdOf = (deviceCode: string, recordNo: string): string => `backfill:${deviceCode}:${recordNo}`;

/** The transaction type each kind is booked as (SPEC §5.3 txn types): a counter payment is a consumption. */
export const TXN_TYPE: Record<BackfillKind, string> = { ticket_sale: 'ticket_sale', ticket_check: 'ticket_check', counter_payment: 'consume' };
