import { describe, expect, it } from 'vitest';
import { channelOf, kindOf, RECORD_NO, timeOf, yuanToFen } from './backfill.values.ts';

describe('back-fill values as people write them', () => {
  it('turns yuan into fen by their digits, never through a float', () => {
    expect(yuanToFen('12.5')).toBe(1250);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen('¥1,200.00')).toBe(120000);
    expect(yuanToFen('19.99')).toBe(1999); // 19.99 * 100 is 1998.9999999999998 as a float
    for (const bad of ['', '-1', '1.234', 'abc', '1e3', '12.', '.5', '1,20', 'NaN', '０']) expect(yuanToFen(bad), bad).toBeNull();
  });

  it('reads times on the site wall clock unless they carry an offset; XLSX Z is wall clock', () => {
    expect(timeOf('2026-11-10 10:30', 'Asia/Shanghai')).toBe(Date.parse('2026-11-10T02:30:00Z'));
    expect(timeOf('2026/11/10 10:30:15', 'Asia/Shanghai')).toBe(Date.parse('2026-11-10T02:30:15Z'));
    expect(timeOf('2026-11-10T10:30:00+08:00', 'Europe/Berlin')).toBe(Date.parse('2026-11-10T02:30:00Z'));
    expect(timeOf('2026-11-10T10:30:00.000Z', 'Asia/Shanghai')).toBe(Date.parse('2026-11-10T10:30:00Z'));
    expect(timeOf('2026-11-10T10:30:00.000Z', 'Asia/Shanghai', true)).toBe(Date.parse('2026-11-10T02:30:00Z'));
    for (const bad of ['2026-02-30 10:00', '2026-11-10', '2026-11-10 24:00', '10:30', '2026-11-10 10:30+15:00', 'x']) expect(timeOf(bad, 'Asia/Shanghai'), bad).toBeNull();
  });

  it('knows kinds and channels in Chinese and English, and record numbers without control characters', () => {
    expect([kindOf('售票'), kindOf('检票'), kindOf('收款'), kindOf('Ticket_Sale'), kindOf('退票')]).toEqual(['ticket_sale', 'ticket_check', 'counter_payment', 'ticket_sale', null]);
    expect([channelOf('微信'), channelOf('一卡通'), channelOf('Cash'), channelOf('比特币')]).toEqual(['wechat', 'card', 'cash', null]);
    expect(['A', 'HH-0001', '票 12'].every((r) => RECORD_NO.test(r))).toBe(true);
    expect([' A', 'A ', 'a\u0000', 'a\nb', '', 'x'.repeat(65)].some((r) => RECORD_NO.test(r))).toBe(false);
  });
});
