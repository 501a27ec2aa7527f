import { describe, expect, it } from 'vitest';
import type { EscalationPolicy } from '../../api/oncall';
import { formToPolicy, policyToForm } from './policyForm';

const stored: EscalationPolicy = {
  id: 'p1',
  name: '一级告警',
  description: null,
  position: 10,
  levels: [1],
  siteIds: ['s1'],
  subsystems: null,
  steps: [
    {
      targets: [
        { kind: 'roster', rosterId: 'r1' },
        { kind: 'user', userId: 'u1' },
      ],
      channelIds: ['console', 'sms'],
      waitMinutes: 5,
    },
    { targets: [{ kind: 'role', roleId: 'dispatcher' }, { kind: 'roster', rosterId: 'r1', include: 'leader' }], channelIds: ['sms'], waitMinutes: 15 },
  ],
  repeat: 2,
  enabled: true,
  version: 1,
  createdAt: '',
  updatedAt: '',
};

describe('escalation policy form', () => {
  it('gives back a stored policy as it was, a roster target paging the on-duty people when it said nothing', () => {
    expect(formToPolicy(policyToForm(stored))).toEqual({
      name: '一级告警',
      description: null,
      position: 10,
      levels: [1],
      siteIds: ['s1'],
      subsystems: null,
      steps: [
        {
          targets: [
            { kind: 'roster', rosterId: 'r1', include: 'on-duty' },
            { kind: 'user', userId: 'u1' },
          ],
          channelIds: ['console', 'sms'],
          waitMinutes: 5,
        },
        { targets: [{ kind: 'role', roleId: 'dispatcher' }, { kind: 'roster', rosterId: 'r1', include: 'leader' }], channelIds: ['sms'], waitMinutes: 15 },
      ],
      repeat: 2,
      enabled: true,
    });
  });

  it('starts a new policy for every level with one step, and sends no position unless one was given', () => {
    const values = policyToForm(null, ['console']);
    expect(values.steps).toEqual([{ targets: [{ kind: 'roster', include: 'on-duty' }], channelIds: ['console'], waitMinutes: 10 }]);
    values.name = ' 夜间 ';
    values.levels = [3, 1];
    values.subsystems = ['network'];
    const body = formToPolicy(values);
    expect(body).not.toHaveProperty('position');
    expect(body).toMatchObject({ name: '夜间', levels: [1, 3], siteIds: null, subsystems: ['network'], repeat: 0, enabled: true });
  });
});
