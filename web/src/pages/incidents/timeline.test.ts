import { describe, expect, it } from 'vitest';
import { linkedAlertOf, timelineColor, timelineDetails, timelineWhat, timelineWho, type TimelineNames } from './timeline';
import { entry, testI18n } from './testing';

const names: TimelineNames = {
  person: (id, fallback) => ({ u1: '张伟', u2: '李娜' })[id] ?? fallback ?? id,
  team: (id) => ({ t1: '一卡通班组' })[id] ?? id,
  cause: (code) => ({ hardware: '硬件故障' })[code] ?? code,
};

describe('incident timeline wording', () => {
  it('names who by display name (the stored sign-in name when unknown) and opsdesk when it acted alone', async () => {
    const { t } = await testI18n('zh-CN');
    expect(timelineWho(t, entry(), names)).toBe('张伟');
    expect(timelineWho(t, entry({ actorId: 'u9', actorName: 'wang.fang' }), names)).toBe('wang.fang');
    expect(timelineWho(t, entry({ actorId: null, actorName: 'opsdesk', kind: 'auto_close' }), names)).toBe('系统');
    expect(timelineWhat(t, 'take')).toBe('接单');
    expect(timelineWhat(t, 'sla_breach')).toBe('SLA 已超时');
  });

  it('words a take: the state, the assignee and the stopped respond clock', async () => {
    const { t } = await testI18n('zh-CN');
    const lines = timelineDetails(t, entry({ details: { assignee: { kind: 'user', userId: 'u1' } }, clocks: [{ clock: 'respond', action: 'stop', at: '2026-12-01T01:00:00.000Z' }] }), names);
    expect(lines).toEqual(['状态：新建 → 已响应', '处理人：张伟', '响应计时停止']);
  });

  it('words waiting, resolving, an escalation and a reopen with their clock actions and level change', async () => {
    const { t } = await testI18n('zh-CN');
    expect(
      timelineDetails(t, entry({ kind: 'wait', from: 'in_progress', to: 'waiting', details: { reason: 'customer', note: '等甲方开门' }, clocks: [{ clock: 'resolve', action: 'pause', at: '' }] }), names),
    ).toEqual(['状态：处理中 → 挂起等待', '挂起原因：等待甲方', '说明：等甲方开门', '解决计时暂停']);
    expect(
      timelineDetails(t, entry({ kind: 'resolve', from: 'in_progress', to: 'resolved', details: { fix: '更换读卡模块', causeCategory: 'hardware' } }), names),
    ).toEqual(['状态：处理中 → 已解决', '处理措施：更换读卡模块', '故障原因：硬件故障']);
    expect(
      timelineDetails(t, entry({ kind: 'escalate', from: 'assigned', to: 'assigned', details: { reason: '迎新期间', fromLevel: 3, toLevel: 1 }, levelChange: { from: 3, to: 1 } }), names),
    ).toEqual(['原因：迎新期间', '级别：三级 → 一级']);
    expect(timelineDetails(t, entry({ kind: 'reopen', from: 'resolved', to: 'assigned', details: { reason: '又坏了' }, clocks: [{ clock: 'resolve', action: 'restart', at: '' }] }), names)).toEqual([
      '状态：已解决 → 已派单',
      '原因：又坏了',
      '解决计时重新开始',
    ]);
  });

  it('words the opening once for all three clocks, a team assignee, a comment and a linked alert', async () => {
    const { t } = await testI18n('en');
    const starts = (['respond', 'on_site', 'resolve'] as const).map((clock) => ({ clock, action: 'start', at: '' }));
    expect(timelineDetails(t, entry({ kind: 'open', from: null, to: 'new', details: { level: 2 }, clocks: starts }), names)).toEqual(['Respond, on-site and resolve clocks started']);
    expect(timelineDetails(t, entry({ kind: 'assign', from: 'new', to: 'assigned', details: { assignee: { kind: 'team', teamId: 't1' } } }), names)).toContain('Assignee: 一卡通班组');
    expect(timelineDetails(t, entry({ kind: 'comment', from: 'new', to: 'new', details: { text: ' on my way ' } }), names)).toEqual(['on my way']);
    const linked = entry({ kind: 'alert_linked', from: 'new', to: 'new', details: { alertId: 'a1', name: 'Disk' } });
    expect(linkedAlertOf(linked)).toBe('a1');
    expect(linkedAlertOf(entry())).toBeNull();
  });

  it('colours the opening and escalations red, the fix green, waiting orange', () => {
    expect(timelineColor('open')).toBe('red');
    expect(timelineColor('escalate')).toBe('red');
    expect(timelineColor('resolve')).toBe('green');
    expect(timelineColor('wait')).toBe('orange');
    expect(timelineColor('take')).toBe('blue');
    expect(timelineColor('comment')).toBe('gray');
  });
});
