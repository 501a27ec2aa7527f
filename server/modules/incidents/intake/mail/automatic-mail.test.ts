import { describe, expect, it } from 'vitest';
import { automaticMailReason, isEmptyReturnPath } from './automatic-mail.ts';

const headers = (entries: Record<string, unknown>) => new Map(Object.entries(entries));

describe('automatic mail', () => {
  it('takes a person’s mail for a person’s', () => {
    expect(automaticMailReason(headers({ subject: '打印机卡纸' }))).toBeNull();
    expect(automaticMailReason(headers({ 'auto-submitted': 'no' }))).toBeNull();
    expect(automaticMailReason(headers({ 'auto-submitted': ' No ' }))).toBeNull();
    expect(automaticMailReason(headers({ precedence: 'first-class' }))).toBeNull();
    expect(automaticMailReason(headers({ 'content-type': { value: 'multipart/mixed', params: {} } }))).toBeNull();
  });

  it.each([
    [{ 'auto-submitted': 'auto-replied' }, 'autoSubmitted'],
    [{ 'auto-submitted': 'auto-generated; owner-email="noc@example.edu.cn"' }, 'autoSubmitted'],
    [{ 'auto-submitted': ['auto-notified', 'no'] }, 'autoSubmitted'],
    [{ precedence: 'bulk' }, 'precedence'],
    [{ precedence: 'Junk' }, 'precedence'],
    [{ precedence: 'list' }, 'precedence'],
    [{ precedence: 'auto_reply' }, 'precedence'],
    [{ 'x-autoreply': 'yes' }, 'autoReplyHeader'],
    [{ 'x-autorespond': '' }, 'autoReplyHeader'],
    [{ 'content-type': { value: 'multipart/report', params: { 'report-type': 'delivery-status' } } }, 'deliveryReport'],
  ])('%j is automatic: %s', (entries, reason) => {
    expect(automaticMailReason(headers(entries))).toBe(reason);
  });

  it('knows a bounce by its empty return path', () => {
    expect(isEmptyReturnPath({ address: '' })).toBe(true);
    expect(isEmptyReturnPath(false)).toBe(true);
    expect(isEmptyReturnPath({ address: 'zhangsan@example.edu.cn' })).toBe(false);
  });
});
