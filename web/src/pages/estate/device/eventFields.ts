/**
 * What each kind of telemetry says, as labelled fields in the reader's language (SPEC §5.3): amounts in yuan, status
 * words translated, metric names labelled. Personal fields (account, card, balances, IP) are shown exactly as the server
 * sends them — masked for most readers — and never assumed to be clear text. Fields a device adds beyond the spec stay
 * in the expandable raw view.
 */
import type { TFunction } from 'i18next';
import type { EventKind } from '../../../api/types';
import { metricLabel } from '../../../app/metrics';
import { formatMoneyField } from '../../../app/money';

export interface EventField {
  /** the envelope's data key, e.g. amountFen */
  key: string;
  label: string;
  /** null: the event does not carry it */
  text: string | null;
}

type Format = (t: TFunction, value: unknown, data: Record<string, unknown>) => string | null;

const plain: Format = (_t, v) => (v === null || v === undefined || v === '' ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));
/** A code translated under `event.value.<group>`, shown raw when the catalogue does not know it (or it is no plain code). */
const word =
  (group: string): Format =>
  (t, v) => {
    if (v === null || v === undefined || v === '') return null;
    const raw = String(v);
    return /^[A-Za-z0-9_-]+$/.test(raw) ? t(`event.value.${group}.${raw}`, { defaultValue: raw }) : raw;
  };
const withUnit =
  (unit: string): Format =>
  (_t, v) =>
    typeof v === 'number' ? `${v}${unit}` : plain(_t, v, {});
const yesNo: Format = (t, v) => (typeof v === 'boolean' ? t(v ? 'event.value.yes' : 'event.value.no') : plain(t, v, {}));
const money: Format = (_t, v) => formatMoneyField(v);

/** The fields of each kind, in reading order; the first one or two say what happened. */
const FIELDS: Record<EventKind, readonly [key: string, format: Format][]> = {
  heartbeat: [
    ['status', word('heartbeatStatus')],
    ['cpu', withUnit('%')],
    ['memPct', withUnit('%')],
    ['diskPct', withUnit('%')],
    ['tempC', withUnit('°C')],
    ['batteryPct', withUnit('%')],
    ['onBattery', yesNo],
    ['link', word('link')],
  ],
  metric: [
    ['name', (t, v) => (typeof v === 'string' ? metricLabel(t, v) : plain(t, v, {}))],
    ['value', (_t, v, data) => (v === null || v === undefined ? null : `${String(v)}${typeof data.unit === 'string' && data.unit ? ` ${data.unit}` : ''}`)],
  ],
  event: [
    ['severity', word('severity')],
    ['type', plain],
    ['message', plain],
  ],
  txn: [
    ['type', word('txnType')],
    ['amountFen', money],
    ['status', word('txnStatus')],
    ['channel', word('channel')],
    ['account', plain],
    ['card', plain],
    ['balanceBeforeFen', money],
    ['balanceAfterFen', money],
    ['errorCode', plain],
    ['offline', yesNo],
    ['txnId', plain],
  ],
  login: [
    ['result', word('loginResult')],
    ['account', plain],
    ['ip', plain],
    ['reason', word('loginReason')],
    ['deviceId', plain],
    ['userAgent', plain],
  ],
};

export const isEventKind = (kind: string): kind is EventKind => kind in FIELDS;

/** The data keys a kind is shown by (the columns when the list shows one kind). */
export function eventFieldKeys(kind: EventKind): string[] {
  return FIELDS[kind].map(([key]) => key);
}

export function eventFieldLabel(t: TFunction, key: string): string {
  return t(`event.field.${key}`, { defaultValue: key });
}

/** Every field of the kind, in order, with null for those this event lacks. */
export function eventFields(t: TFunction, kind: string, data: Record<string, unknown>): EventField[] {
  if (!isEventKind(kind)) return [];
  return FIELDS[kind].map(([key, format]) => ({ key, label: eventFieldLabel(t, key), text: format(t, data[key], data) }));
}
