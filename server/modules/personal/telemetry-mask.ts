/**
 * Masks for what devices send about people (SPEC §5.3): a transaction's account, card and balances, a login's account,
 * address and client device, and the same fields when a device puts them into an event's attrs or its labels. The
 * envelope's data is free-form (devices add fields of their own), so fields are recognised by name, at any depth,
 * in the kinds that carry people's data: txn, login and event. Heartbeats and metrics describe devices and pass as
 * they are. Like every mask here it runs on the way out, unless the caller unmasked with a reason (http/masking.ts).
 */
import { MASKS, maskEmail, maskIdNumber, maskKeepLast, maskPhone, type PersonalKind } from './mask.ts';

/** The envelope kinds whose data can hold personal fields. */
const PERSONAL_KINDS = new Set(['txn', 'login', 'event']);

/** A field a balance is in: masked to null, so the value stays a number-or-null and the console tells it from absent. */
const isBalance = (key: string) => key.startsWith('balance');

/**
 * Field names (lower case, without `_`, `-` and `.`) → how they are masked. Deliberately narrow for addresses:
 * `ip`, `clientIp`, `srcIp`… are people's; `address`, `neighborIp`, `instance` (a syslog sender, a switch's
 * neighbour, a scraped server) are the estate's own and stay readable to engineers.
 */
const FIELD_KINDS: Record<string, PersonalKind> = {
  ...Object.fromEntries(['account', 'acct', 'accountno', 'accountid', 'username', 'user', 'userid', 'loginname', 'studentno', 'studentid', 'staffno', 'employeeno'].map((k) => [k, 'account'])),
  ...Object.fromEntries(['card', 'cardno', 'cardnumber', 'cardid', 'bankcard', 'pan'].map((k) => [k, 'cardNumber'])),
  ...Object.fromEntries(['bankaccount', 'bankaccountno', 'iban'].map((k) => [k, 'bankAccount'])),
  ...Object.fromEntries(['ip', 'clientip', 'srcip', 'sourceip', 'remoteip', 'remoteaddr', 'remoteaddress', 'userip', 'loginip', 'xforwardedfor'].map((k) => [k, 'ip'])),
  ...Object.fromEntries(['phone', 'mobile', 'tel', 'telephone', 'phonenumber', 'mobilephone'].map((k) => [k, 'phone'])),
  ...Object.fromEntries(['email', 'mail'].map((k) => [k, 'email'])),
  ...Object.fromEntries(['idnumber', 'idcard', 'idno', 'identitycard', 'citizenid'].map((k) => [k, 'idNumber'])),
  ...Object.fromEntries(['holder', 'holdername', 'cardholder', 'realname', 'personname', 'fullname'].map((k) => [k, 'name'])),
};

/** Fields personal only in one kind: a login's `deviceId` is the person's phone or browser, an event's is a device. */
const KIND_FIELDS: Record<string, Record<string, (value: string) => string>> = {
  login: { deviceid: (v) => maskKeepLast(v, 4) },
};

const normalise = (key: string) => key.toLowerCase().replace(/[_\-.]/g, '');

/**
 * Free text (an event's message) is searched for what can be recognised without a field name: e-mail addresses,
 * resident ID numbers, mainland mobile numbers and card or bank numbers of 15–19 digits. Accounts and addresses in
 * prose are not: they cannot be told from the estate's own ids and addresses that operators need.
 */
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const ID_NUMBER = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;
const LONG_NUMBER = /(?<!\d)\d{15,19}(?!\d)/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

export function maskFreeText(text: string): string {
  return text.replace(EMAIL, maskEmail).replace(ID_NUMBER, maskIdNumber).replace(LONG_NUMBER, (n) => maskKeepLast(n, 4)).replace(MOBILE, maskPhone);
}

type Mask = (value: string) => string;

function maskValue(value: unknown, mask: Mask): unknown {
  if (typeof value === 'string') return value === '' ? value : mask(value);
  if (typeof value === 'number' || typeof value === 'bigint') return mask(String(value));
  if (Array.isArray(value)) return value.map((v) => maskValue(v, mask));
  if (value && typeof value === 'object') return maskFields(value as Record<string, unknown>, {});
  return value;
}

function maskFields(object: Record<string, unknown>, kindFields: Record<string, Mask>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const name = normalise(key);
    const fieldKind = FIELD_KINDS[name];
    const mask = kindFields[name] ?? (fieldKind ? MASKS[fieldKind] : undefined);
    if (isBalance(name) && value !== null && value !== undefined) copy[key] = null;
    else if (mask) copy[key] = maskValue(value, mask);
    else if (Array.isArray(value)) copy[key] = value.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? maskFields(v as Record<string, unknown>, {}) : v));
    else if (value && typeof value === 'object') copy[key] = maskFields(value as Record<string, unknown>, {});
    else copy[key] = value;
  }
  return copy;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A masked copy of one stored event `{ kind, data, labels, … }` (the input is not changed). Its shape stays: masked
 * strings stay strings, balances become null.
 */
export function maskTelemetryEvent(event: unknown): unknown {
  if (!isRecord(event) || typeof event.kind !== 'string' || !PERSONAL_KINDS.has(event.kind)) return event;
  const copy: Record<string, unknown> = { ...event };
  if (isRecord(event.data)) {
    const data = maskFields(event.data, KIND_FIELDS[event.kind] ?? {});
    if (typeof data.message === 'string') data.message = maskFreeText(data.message);
    copy.data = data;
  }
  if (isRecord(event.labels)) copy.labels = maskFields(event.labels, {});
  return copy;
}

/**
 * A masked copy of a map of labels or annotations (an alert's, from a rule or from Alertmanager and Grafana): values
 * under personal names (`user`, `client_ip`, `card`…) masked as in telemetry, and personal data recognisable in any
 * value's text (a description naming a phone number) masked as in an event's message.
 */
export function maskLabelMap(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const masked = maskFields(value, {});
  for (const [key, v] of Object.entries(masked)) if (typeof v === 'string') masked[key] = maskFreeText(v);
  return masked;
}
