import { describe, expect, it } from 'vitest';
import type { NotifyProfile } from '../../api/notify';
import { formToProfile, profileToForm } from './profileForm';

const levels = { '1': { email: true, sms: true, chat: true }, '2': { email: true, sms: false, chat: true }, '3': { email: false, sms: false, chat: false } };
const stored: NotifyProfile = {
  userId: 'u1',
  contacts: [
    { id: 'c1', kind: 'phone', email: null, phone: '138****8000', vendorId: null, verified: true },
    { id: 'c2', kind: 'dingtalk', email: null, phone: null, vendorId: 'zh***an', verified: false },
  ],
  preferences: { levels, quietHours: null },
};

describe('notify profile form', () => {
  it('shows stored methods masked and starts quiet hours off with 22:00–07:00 ready', () => {
    const values = profileToForm(stored);
    expect(values.contacts).toEqual([
      { id: 'c1', kind: 'phone', shown: '138****8000', verified: true },
      { id: 'c2', kind: 'dingtalk', shown: 'zh***an', verified: false },
    ]);
    expect(values.quietOn).toBe(false);
    expect(values.preferences.quietHours).toEqual({ from: '22:00', to: '07:00', zone: 'Asia/Shanghai' });
  });

  it('leaves the methods out when only the preferences changed', () => {
    const values = profileToForm(stored);
    values.quietOn = true;
    expect(formToProfile(values, stored)).toEqual({ preferences: { levels, quietHours: { from: '22:00', to: '07:00', zone: 'Asia/Shanghai' } } });
  });

  it('sends kept methods by id, never their masked value, and new ones as typed', () => {
    const values = profileToForm(stored);
    values.contacts = [values.contacts[1]!, { kind: 'email', value: ' noc@example.edu.cn ' }];
    expect(formToProfile(values, stored)).toEqual({
      contacts: [{ id: 'c2' }, { kind: 'email', value: 'noc@example.edu.cn' }],
      preferences: { levels, quietHours: null },
    });
    values.contacts = [values.contacts[0]!];
    expect(formToProfile(values, stored).contacts).toEqual([{ id: 'c2' }]);
  });
});
