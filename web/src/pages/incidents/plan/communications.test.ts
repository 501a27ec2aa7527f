import { describe, expect, it } from 'vitest';
import { defaultRecipients, deliveryCounts, deliveryPending, deliveryTone, filledIn, initialValues, personLabel, placeholdersLeft, reachProblem, sendBody, templateLanguage } from './communications';
import type { ChannelChoice, FilledTemplate, PersonChoice, PlanMessage } from './communicationsApi';

const channels: ChannelChoice[] = [
  { id: 'console', name: '控制台通知', kind: 'console', addresses: 'user' },
  { id: 'mail', name: '邮件', kind: 'email', addresses: 'email' },
  { id: 'sms', name: '短信', kind: 'sms-http', addresses: 'phone' },
  { id: 'hook', name: '值班群', kind: 'wecom', addresses: 'none' },
];
const people: PersonChoice[] = [
  { userId: 'eng', name: '张工', onDuty: false, roles: ['assignee', 'onsite-engineer'] },
  { userId: 'duty', name: '李值班', onDuty: true, roles: [] },
];
const template = (over: Partial<FilledTemplate> = {}): FilledTemplate => ({
  key: 'client-notice',
  audience: 'client',
  zh: { subject: '【1级】闸机故障', body: '预计恢复：{{expectedRecovery}}', missing: ['expectedRecovery'] },
  en: { subject: '[Level 1] Gate failure', body: 'Recovery: {{expectedRecovery}}', missing: ['expectedRecovery'] },
  ...over,
});
const delivery = (over: Partial<PlanMessage['delivery']>): Pick<PlanMessage, 'delivery'> => ({ delivery: { queued: 0, sent: 0, delivered: 0, failed: 0, skipped: 0, ...over } });

describe('plan messages', () => {
  it('starts from the filled text in the reader’s language, Chinese when the template has no English', () => {
    expect(templateLanguage(template(), 'en')).toBe('en');
    expect(templateLanguage(template({ en: null }), 'en')).toBe('zh');
    expect(templateLanguage(template(), 'zh-CN')).toBe('zh');
    expect(filledIn(template({ en: null }), 'en').subject).toBe('【1级】闸机故障');
    expect(initialValues(template(), 'en', channels, people)).toEqual({ language: 'en', subject: '[Level 1] Gate failure', body: 'Recovery: {{expectedRecovery}}', userIds: [], onDuty: false, channelIds: ['console', 'mail'] });
  });

  it('picks recipients by audience: the client by e-mail and console, the public by group channels, staff everywhere with the people on duty', () => {
    expect(defaultRecipients('client', channels, people)).toEqual({ userIds: [], onDuty: false, channelIds: ['console', 'mail'] });
    expect(defaultRecipients('public', channels, people)).toEqual({ userIds: [], onDuty: false, channelIds: ['hook'] });
    expect(defaultRecipients('staff', channels, people)).toEqual({ userIds: ['eng'], onDuty: true, channelIds: ['console', 'mail', 'sms', 'hook'] });
  });

  it('names the facts still to write in, each once, and only known ones', () => {
    expect(placeholdersLeft('{{hotline}} {{ hotline }}', '{{commander}} {{nope}} {single}')).toEqual(['hotline', 'commander']);
    expect(placeholdersLeft('all written in')).toEqual([]);
  });

  it('says when a choice reaches nobody, as the server refuses it', () => {
    expect(reachProblem({ userIds: [], onDuty: false, channelIds: [] }, channels)).toBe('noChannel');
    expect(reachProblem({ userIds: [], onDuty: false, channelIds: ['mail'] }, channels)).toBe('noPeople');
    expect(reachProblem({ userIds: [], onDuty: true, channelIds: ['mail'] }, channels)).toBeNull();
    expect(reachProblem({ userIds: ['eng'], onDuty: false, channelIds: ['mail'] }, channels)).toBeNull();
    expect(reachProblem({ userIds: [], onDuty: false, channelIds: ['hook'] }, channels)).toBeNull();
    expect(reachProblem({ userIds: [], onDuty: false, channelIds: ['gone'] }, channels)).toBe('noChannel');
  });

  it('sends trimmed text and each id once', () => {
    expect(sendBody({ language: 'zh', subject: ' 主题 ', body: '\n正文\n', userIds: ['a', 'a', 'b'], onDuty: true, channelIds: ['x', 'x'] })).toEqual({ language: 'zh', subject: '主题', body: '正文', userIds: ['a', 'b'], onDuty: true, channelIds: ['x'] });
  });

  it('labels people with their roles and duty', () => {
    const words = { onDuty: '值班中', role: (r: string) => `[${r}]` };
    expect(personLabel(people[0]!, words)).toBe('张工 · [assignee]、[onsite-engineer]');
    expect(personLabel(people[1]!, words)).toBe('李值班 · 值班中');
    expect(personLabel({ userId: 'x', name: '王', onDuty: false, roles: [] }, words)).toBe('王');
  });

  it('sums up delivery: failures first, then what is still queued, nobody reached, or all handed over', () => {
    expect(deliveryTone(delivery({ delivered: 2, failed: 1 }))).toBe('error');
    expect(deliveryTone(delivery({ delivered: 2, queued: 1 }))).toBe('processing');
    expect(deliveryTone(delivery({ skipped: 2 }))).toBe('warning');
    expect(deliveryTone(delivery({ sent: 1, delivered: 1, skipped: 1 }))).toBe('success');
    expect(deliveryCounts(delivery({ sent: 1, delivered: 2, skipped: 1 }))).toEqual([['delivered', 2], ['sent', 1], ['skipped', 1]]);
    expect(deliveryPending([{ ...delivery({ queued: 1 }) } as PlanMessage])).toBe(true);
    expect(deliveryPending([{ ...delivery({ sent: 1 }) } as PlanMessage])).toBe(false);
  });
});
