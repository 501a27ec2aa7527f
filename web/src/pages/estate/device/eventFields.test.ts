import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../../i18n/en.json';
import zhCN from '../../../i18n/zh-CN.json';
import { eventFields } from './eventFields';

describe('telemetry in words', () => {
  const i18n = i18next.createInstance();
  beforeAll(async () => {
    await i18n.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: 'zh-CN', fallbackLng: false, showSupportNotice: false });
  });
  const shown = (lng: string, kind: string, data: Record<string, unknown>) =>
    Object.fromEntries(eventFields(i18n.getFixedT(lng), kind, data).filter((f) => f.text !== null).map((f) => [f.label, f.text]));

  it('a transaction: yuan from fen, translated words, masked fields as they came', () => {
    expect(
      shown('zh-CN', 'txn', { txnId: 'T1', type: 'consume', amountFen: 1250, status: 'ok', channel: 'card', account: '****0001', card: '****3456', balanceAfterFen: null, balanceBeforeFen: '****' }),
    ).toEqual({ 类型: '消费', 金额: '¥12.50', 状态: '成功', 渠道: '校园卡', 账户: '****0001', 卡号: '****3456', 交易前余额: '****', 流水号: 'T1' });
    expect(shown('en', 'txn', { type: 'refund', amountFen: -7, status: 'reversed', balanceAfterFen: 3750 })).toEqual({
      Type: 'Refund',
      Amount: '-¥0.07',
      Status: 'Reversed',
      'Balance after': '¥37.50',
    });
  });

  it('a login, a metric, a heartbeat and an event', () => {
    expect(shown('zh-CN', 'login', { account: 'a***n', ip: '10.2.*.*', result: 'fail', reason: 'bad_password' })).toEqual({ 结果: '失败', 账户: 'a***n', 'IP 地址': '10.2.*.*', 原因: '密码错误' });
    expect(shown('zh-CN', 'metric', { name: 'pos.txn_latency_ms', value: 180, unit: 'ms' })).toEqual({ 指标: '交易耗时 (ms)', 数值: '180 ms' });
    expect(shown('en', 'heartbeat', { status: 'paper_out', cpu: 12.5, onBattery: false, link: '4g' })).toEqual({ Status: 'Out of paper', CPU: '12.5%', 'On battery': 'no', Link: '4G' });
    expect(shown('zh-CN', 'event', { type: 'printer.paper_refilled', severity: 'info', message: '凭条纸已更换' })).toEqual({ 级别: '信息', 类型: 'printer.paper_refilled', 内容: '凭条纸已更换' });
  });

  it('an unknown word or kind is shown raw, never as a translation key', () => {
    expect(shown('en', 'txn', { type: 'crypto.swap', status: 'pending' })).toEqual({ Type: 'crypto.swap', Status: 'pending' });
    expect(eventFields(i18n.getFixedT('en'), 'telepathy', { a: 1 })).toEqual([]);
  });
});
