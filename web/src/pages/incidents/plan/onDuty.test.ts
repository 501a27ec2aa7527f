import { describe, expect, it } from 'vitest';
import { onDutyFromRosters } from './onDuty';

describe('on duty from the rosters', () => {
  it('names the people and the leader on duty now by the roster’s map, an unknown id as it is', () => {
    expect(
      onDutyFromRosters([
        { id: 'r1', name: '驻场值班', people: { u1: '赵工', boss: '孙主管' }, duty: { now: { userIds: ['u1', 'u9'], leaderUserId: 'boss' } } },
        { id: 'r2', name: '空班', people: {}, duty: { now: { userIds: [], leaderUserId: null } } },
      ]),
    ).toEqual([
      { rosterId: 'r1', rosterName: '驻场值班', people: [{ userId: 'u1', name: '赵工' }, { userId: 'u9', name: 'u9' }], leader: { userId: 'boss', name: '孙主管' } },
      { rosterId: 'r2', rosterName: '空班', people: [], leader: null },
    ]);
  });
});
