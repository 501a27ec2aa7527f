/**
 * Masks for personal fields (SPEC C8.5). The server masks on the way out unless the caller holds the unmask
 * permission and asked for it with a reason (http/masking.ts); these are the pure functions it uses.
 */
export type PersonalKind = 'phone' | 'idNumber' | 'cardNumber' | 'bankAccount' | 'email' | 'name' | 'account' | 'ip';

const star = (n: number): string => '*'.repeat(Math.max(n, 0));

/**
 * 13812341234 → 138****1234; +86 138 1234 1234 → +86 138****1234; other long numbers keep the first three and the
 * last four, shorter ones only the last four (or two, when that would show most of it).
 */
export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 11 && /^(\+?86|0086)?1\d{10}$/.test(value.replace(/[\s-]/g, ''))) {
    const mobile = digits.slice(-11);
    const prefix = value.trim().startsWith('+86') ? '+86 ' : '';
    return `${prefix}${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
  }
  if (digits.length >= 11) return `${digits.slice(0, 3)}${star(digits.length - 7)}${digits.slice(-4)}`;
  if (digits.length >= 7) return `${star(digits.length - 4)}${digits.slice(-4)}`;
  return `${star(digits.length - 2)}${digits.slice(-2)}`;
}

/** Resident ID: the region code and the last four stay, the birth date (digits 7–14, or 7–12 on old 15-digit ids) goes. */
export function maskIdNumber(value: string): string {
  const id = value.trim();
  if (/^\d{17}[\dXx]$/.test(id)) return `${id.slice(0, 6)}********${id.slice(14)}`;
  if (/^\d{15}$/.test(id)) return `${id.slice(0, 6)}******${id.slice(12)}`;
  return maskKeepLast(id, 4);
}

/** Card and bank account numbers show their last four. */
export function maskKeepLast(value: string, keep = 4): string {
  const compact = value.replace(/\s/g, '');
  if (compact.length <= keep) return star(compact.length);
  return `${star(compact.length - keep)}${compact.slice(-keep)}`;
}

export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at <= 0) return maskKeepLast(value, 2);
  return `${value[0]}***${value.slice(at)}`;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***; Latin names keep their first letter. */
export function maskName(value: string): string {
  const chars = [...value.trim()];
  if (chars.length <= 1) return '*';
  return `${chars[0]}${star(chars.length - 1)}`;
}

/**
 * A card-system or login account (student or staff number, an operator's login): the first character and the last two
 * stay, so that a reader can tell accounts apart in a list without learning any of them; five or fewer characters keep
 * only the first. 2023010123 → 2*******23, fw_zhangli → f*******li, admin → a****.
 */
export function maskAccount(value: string): string {
  const chars = [...value.trim()];
  if (chars.length <= 1) return star(chars.length);
  if (chars.length <= 5) return `${chars[0]}${star(chars.length - 1)}`;
  return `${chars[0]}${star(chars.length - 3)}${chars.slice(-2).join('')}`;
}

const IPV4 = /(?<![\d.])(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}(?![\d.])/g;

/**
 * An address a person came from: the network stays, the host goes. IPv4 keeps its first two octets (10.200.17.5 →
 * 10.200.*.*, also inside `::ffff:10.200.17.5`, `10.200.17.5:51234` or a list of forwarded addresses); IPv6 keeps its
 * first two groups (2408:8456:1::5 → 2408:8456:*:*:*:*:*:*); anything else becomes ***.
 */
export function maskIp(value: string): string {
  let found = false;
  const v4 = value.replace(IPV4, (_, a: string, b: string) => {
    found = true;
    return `${a}.${b}.*.*`;
  });
  if (found) return v4.replace(/^::ffff:/i, '');
  const v6 = /^\[?([0-9a-f]{1,4}):([0-9a-f]{0,4}):[0-9a-f:]*(?:%[^\]]*)?\]?(?::\d+)?$/i.exec(value.trim());
  if (v6) return `${v6[1]}:${v6[2] || '0'}:*:*:*:*:*:*`;
  return '***';
}

export const MASKS: Record<PersonalKind, (value: string) => string> = {
  phone: maskPhone,
  idNumber: maskIdNumber,
  cardNumber: (v) => maskKeepLast(v, 4),
  bankAccount: (v) => maskKeepLast(v, 4),
  email: maskEmail,
  name: maskName,
  account: maskAccount,
  ip: maskIp,
};
