import type { Direction, TxnStatus, TxnType } from './record.ts';

/**
 * The words one-card systems and payment channels use for transaction types and statuses, folded to the few values
 * the matcher compares. Unknown words fold to 'other'/'unknown' and the importer reports them once (UNKNOWN_VALUE).
 */
const TYPES: [RegExp, TxnType][] = [
  [/退款|冲正|撤销|refund|revers/i, 'refund'],
  [/充值|圈存|补助|recharge|top-?up|deposit|load/i, 'recharge'],
  [/转账|transfer/i, 'transfer'],
  [/手续费|服务费|管理费|\bfee\b|commission/i, 'fee'],
  [/提现|取款|withdraw/i, 'withdrawal'],
  [/消费|支付|扣款|购|付款|consum|purchase|payment|\bpay\b|sale|debit/i, 'consume'],
];

export function foldType(raw: string | null): TxnType | null {
  if (raw === null) return null;
  for (const [re, t] of TYPES) if (re.test(raw)) return t;
  return null;
}

const STATUSES: [RegExp, TxnStatus][] = [
  [/处理中|进行中|待|processing|pending|wait|等待/i, 'processing'],
  [/失败|fail|error|rejected|拒绝/i, 'failed'],
  [/关闭|撤销|取消|closed|cancel|revoked/i, 'closed'],
  [/成功|已完成|完成|已入账|已存入|已收钱|已转账|已收|success|succeeded|^ok$|^done$|^booked$|^book$/i, 'success'],
];

export function foldStatus(raw: string | null): TxnStatus | null {
  if (raw === null) return null;
  for (const [re, s] of STATUSES) if (re.test(raw)) return s;
  return null;
}

/** Which way money moves for a type when the file gives no sign or direction (from the account holder's side). */
export function directionOfType(type: TxnType): Direction {
  switch (type) {
    case 'recharge':
    case 'refund':
      return 'in';
    case 'consume':
    case 'fee':
    case 'withdrawal':
      return 'out';
    default:
      return 'none';
  }
}

export function foldDirection(raw: string | null): Direction | null {
  if (raw === null) return null;
  if (/^(收入|入账|收|贷|credit|cr|c|in|\+)$/i.test(raw)) return 'in';
  if (/^(支出|出账|支|借|debit|dr|d|out|-)$/i.test(raw)) return 'out';
  if (/不计收支|中性|none|neutral/i.test(raw)) return 'none';
  return null;
}

export function foldFlag(raw: string | null): boolean | null {
  if (raw === null) return null;
  if (/^(是|y|yes|true|1|脱机|离线|offline)$/i.test(raw)) return true;
  if (/^(否|n|no|false|0|联机|在线|online)$/i.test(raw)) return false;
  return null;
}
