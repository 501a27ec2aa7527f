import { describe, expect, it } from 'vitest';
import { actionButtons, currentLocation, escalationLevels, onDutyPeople, parseAssignee, transitionBody } from './transitionForm';

describe('the workflow buttons', () => {
  it('are exactly the server’s actions, in the workflow’s order, never the auto-close', () => {
    expect(actionButtons(['escalate', 'take', 'assign', 'communicate', 'declare_major', 'auto_close'])).toEqual(['take', 'assign', 'escalate', 'declare_major', 'communicate']);
    expect(actionButtons([])).toEqual([]);
  });

  it('offer an escalation only to a more severe level', () => {
    expect(escalationLevels(3)).toEqual([1, 2]);
    expect(escalationLevels(2)).toEqual([1]);
    expect(escalationLevels(1)).toEqual([]);
  });
});

describe('the people on duty offered for assigning', () => {
  it('lists each person once, by the first roster naming them, and leaders after the people', () => {
    const rosters = [
      { rosterId: 'r1', rosterName: '驻场值班', people: [{ userId: 'u1', name: '赵工' }, { userId: 'u2', name: '钱工' }], leader: { userId: 'boss', name: '孙主管' } },
      { rosterId: 'r2', rosterName: '网络值班', people: [{ userId: 'u2', name: '钱工' }, { userId: 'u3', name: '李工' }], leader: { userId: 'u1', name: '赵工' } },
    ];
    expect(onDutyPeople(rosters)).toEqual([
      { userId: 'u1', name: '赵工', rosterName: '驻场值班', leader: false },
      { userId: 'u2', name: '钱工', rosterName: '驻场值班', leader: false },
      { userId: 'u3', name: '李工', rosterName: '网络值班', leader: false },
      { userId: 'boss', name: '孙主管', rosterName: '驻场值班', leader: true },
    ]);
    expect(onDutyPeople([{ rosterId: 'r', rosterName: '空', people: [], leader: null }])).toEqual([]);
  });
});

describe('transition requests', () => {
  it('send an assignee as a person or a team', () => {
    expect(parseAssignee('user:u1')).toEqual({ kind: 'user', userId: 'u1' });
    expect(parseAssignee('team:t:2')).toEqual({ kind: 'team', teamId: 't:2' });
    expect(parseAssignee('robot:x')).toBeNull();
    expect(parseAssignee('user:')).toBeNull();
    expect(transitionBody('assign', { assignee: 'team:t1' })).toEqual({ kind: 'assign', assignee: { kind: 'team', teamId: 't1' } });
    expect(transitionBody('reassign', { assignee: 'user:u2', reason: '  ' })).toEqual({ kind: 'reassign', assignee: { kind: 'user', userId: 'u2' } });
    expect(transitionBody('reassign', { assignee: 'user:u2', reason: ' 换人 ' })).toEqual({ kind: 'reassign', assignee: { kind: 'user', userId: 'u2' }, reason: '换人' });
    expect(() => transitionBody('assign', {})).toThrow();
  });

  it('trim texts and leave out empty optional ones', () => {
    expect(transitionBody('resolve', { fix: ' 更换模块 ', causeCategory: 'hardware' })).toEqual({ kind: 'resolve', fix: '更换模块', causeCategory: 'hardware' });
    expect(transitionBody('wait', { waitReason: 'parts', note: '' })).toEqual({ kind: 'wait', reason: 'parts' });
    expect(transitionBody('wait', { waitReason: 'customer', note: ' 等开门 ' })).toEqual({ kind: 'wait', reason: 'customer', note: '等开门' });
    expect(transitionBody('confirm', { comment: ' ' })).toEqual({ kind: 'confirm' });
    expect(transitionBody('escalate', { level: 1, reason: '迎新' })).toEqual({ kind: 'escalate', level: 1, reason: '迎新' });
    expect(transitionBody('communicate', { message: '预计 30 分钟恢复' })).toEqual({ kind: 'communicate', message: '预计 30 分钟恢复' });
    expect(transitionBody('record_review', { summary: '根因：读卡模块老化' })).toEqual({ kind: 'record_review', summary: '根因：读卡模块老化' });
    expect(transitionBody('take', {})).toEqual({ kind: 'take' });
  });

  it('check in with the location the browser gives, and without one when it refuses', async () => {
    const granting = {
      getCurrentPosition: (ok: PositionCallback) => ok({ coords: { latitude: 31.2, longitude: 121.5, accuracy: 12 } } as GeolocationPosition),
    } as unknown as Geolocation;
    const refusing = { getCurrentPosition: (_ok: PositionCallback, fail: PositionErrorCallback) => fail({ code: 1 } as GeolocationPositionError) } as unknown as Geolocation;
    const location = await currentLocation(granting);
    expect(location).toEqual({ latitude: 31.2, longitude: 121.5, accuracyMeters: 12 });
    expect(transitionBody('check_in', {}, location)).toEqual({ kind: 'check_in', location });
    expect(await currentLocation(refusing)).toBeUndefined();
    expect(await currentLocation(undefined)).toBeUndefined();
    expect(transitionBody('check_in', {})).toEqual({ kind: 'check_in' });
  });
});
