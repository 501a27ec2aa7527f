import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { validateEnvelope } from './envelope.validate.ts';
import { IngestEnvelope } from './ingest.schemas.ts';

/**
 * The envelope as documented (IngestEnvelope, in the OpenAPI document vendors build against) and as checked
 * (validateEnvelope, which the pipeline runs on every item) must agree: every envelope here is accepted by both or
 * refused by both. A limit changed in one and not the other fails here.
 */
const NOW = Date.parse('2026-11-30T08:00:00Z');
const limits = { now: NOW, maxFutureMs: 600_000, maxAgeMs: 30 * 86_400_000 };
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const documented = ajv.compile(IngestEnvelope);

const base = { id: '01KB9Z0000000000000000000A', ts: '2026-11-30T15:59:00+08:00', device: 'POS-C1-017', site: 'canteen-1', labels: { line: 'A' } };
const GOOD = {
  heartbeat: { ...base, kind: 'heartbeat', data: { status: 'ok', cpu: 12.5, memPct: 100, diskPct: 0, tempC: -60, link: '4g', onBattery: false, firmware: '2.1' } },
  metric: { ...base, kind: 'metric', data: { name: 'queue_length', value: -3.5, unit: 'people' } },
  event: { ...base, kind: 'event', data: { type: 'paper_out', severity: 'warning', message: '缺纸', attrs: { tray: 2 } } },
  txn: {
    ...base,
    kind: 'txn',
    data: { txnId: 'T-1', type: 'consume', amountFen: -1250, account: '2023001', card: 'C-9', channel: 'wechat', status: 'ok', errorCode: 'E1', cardCounter: 0, balanceBeforeFen: 5000, balanceAfterFen: 3750, offline: true },
  },
  login: { ...base, kind: 'login', data: { account: 'zhang', ip: '2001:db8::1', deviceId: 'k-1', userAgent: 'Mozilla/5.0', result: 'fail', reason: 'bad password' } },
} as const;

type Item = Record<string, unknown> & { data: Record<string, unknown> };
const withData = (item: Item, data: Record<string, unknown>): Item => ({ ...item, data: { ...item.data, ...data } });
const without = (item: Item, key: string): Item => Object.fromEntries(Object.entries(item).filter(([k]) => k !== key)) as Item;
const withoutData = (item: Item, key: string): Item => ({ ...item, data: Object.fromEntries(Object.entries(item.data).filter(([k]) => k !== key)) });

const BAD: [string, Item][] = [
  ['no id', without(GOOD.metric, 'id')],
  ['a short id', { ...GOOD.metric, id: 'short' }],
  ['an id with a space', { ...GOOD.metric, id: '01KB9Z0000 0000000000000A' }],
  ['an unknown kind', { ...GOOD.metric, kind: 'trace' }],
  ['no ts', without(GOOD.metric, 'ts')],
  ['a ts without a zone', { ...GOOD.metric, ts: '2026-11-30T15:59:00' }],
  ['a ts as a date', { ...GOOD.metric, ts: '2026-11-30' }],
  ['no device', without(GOOD.metric, 'device')],
  ['a device code with a space', { ...GOOD.metric, device: 'POS C1' }],
  ['a device code of 65 characters', { ...GOOD.metric, device: 'P'.repeat(65) }],
  ['a site code with a space', { ...GOOD.metric, site: 'canteen 1' }],
  ['a label that is not text', { ...GOOD.metric, labels: { line: 1 } }],
  ['51 labels', { ...GOOD.metric, labels: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`l${i}`, 'x'])) }],
  ['a label of 501 characters', { ...GOOD.metric, labels: { line: 'x'.repeat(501) } }],
  ['no data', without(GOOD.metric, 'data')],
  ['data as a list', { ...GOOD.metric, data: [] as unknown as Record<string, unknown> }],
  ['heartbeat cpu over 100', withData(GOOD.heartbeat, { cpu: 100.5 })],
  ['heartbeat disk below 0', withData(GOOD.heartbeat, { diskPct: -1 })],
  ['heartbeat temperature over 150', withData(GOOD.heartbeat, { tempC: 151 })],
  ['heartbeat link unknown', withData(GOOD.heartbeat, { link: 'wifi' })],
  ['heartbeat onBattery as text', withData(GOOD.heartbeat, { onBattery: 'yes' })],
  ['heartbeat status of 41 characters', withData(GOOD.heartbeat, { status: 's'.repeat(41) })],
  ['metric without a name', withoutData(GOOD.metric, 'name')],
  ['metric with an empty name', withData(GOOD.metric, { name: '' })],
  ['metric value as text', withData(GOOD.metric, { value: '3' })],
  ['metric unit of 21 characters', withData(GOOD.metric, { unit: 'u'.repeat(21) })],
  ['event without a type', withoutData(GOOD.event, 'type')],
  ['event severity unknown', withData(GOOD.event, { severity: 'fatal' })],
  ['event message of 4001 characters', withData(GOOD.event, { message: 'm'.repeat(4001) })],
  ['event attrs as a list', withData(GOOD.event, { attrs: [1] })],
  ['txn without an id', withoutData(GOOD.txn, 'txnId')],
  ['txn type unknown', withData(GOOD.txn, { type: 'gift' })],
  ['txn amount in yuan', withData(GOOD.txn, { amountFen: 12.5 })],
  ['txn amount over 1e12', withData(GOOD.txn, { amountFen: 1e12 + 1 })],
  ['txn without a status', withoutData(GOOD.txn, 'status')],
  ['txn channel unknown', withData(GOOD.txn, { channel: 'paypal' })],
  ['txn card counter below 0', withData(GOOD.txn, { cardCounter: -1 })],
  ['txn account of 65 characters', withData(GOOD.txn, { account: 'a'.repeat(65) })],
  ['login without an account', withoutData(GOOD.login, 'account')],
  ['login ip that is not one', withData(GOOD.login, { ip: 'not-an-ip' })],
  ['login without a result', withoutData(GOOD.login, 'result')],
  ['login result unknown', withData(GOOD.login, { result: 'maybe' })],
  ['login user agent of 501 characters', withData(GOOD.login, { userAgent: 'u'.repeat(501) })],
];

describe('the documented envelope and the pipeline’s check', () => {
  it.each(Object.entries(GOOD))('both accept a good %s envelope', (_kind, item) => {
    expect(validateEnvelope(item, limits)).toMatchObject({ ok: true });
    expect(documented(item), JSON.stringify(documented.errors)).toBe(true);
  });

  it.each(Object.entries(GOOD))('both accept a %s envelope with only its required fields', (kind, item) => {
    const required: Record<string, string[]> = { heartbeat: [], metric: ['name', 'value'], event: ['type'], txn: ['txnId', 'type', 'amountFen', 'status'], login: ['account', 'ip', 'result'] };
    const minimal = { id: item.id, kind: item.kind, ts: item.ts, device: item.device, data: Object.fromEntries(Object.entries(item.data).filter(([k]) => required[kind]!.includes(k))) };
    expect(validateEnvelope(minimal, limits)).toMatchObject({ ok: true });
    expect(documented(minimal), JSON.stringify(documented.errors)).toBe(true);
  });

  it.each(BAD)('both refuse %s', (_what, item) => {
    expect(validateEnvelope(item, limits)).toMatchObject({ ok: false });
    expect(documented(item)).toBe(false);
  });
});
