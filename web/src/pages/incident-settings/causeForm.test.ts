import { describe, expect, it } from 'vitest';
import { CAUSE_CODE, causesToForm, formToCauses, repeatedCodes } from './causeForm';

describe('the cause categories list', () => {
  it('sends the rows in their order, trimmed, without the form’s own marks', () => {
    const form = causesToForm([{ code: 'hardware', nameZh: '硬件故障', nameEn: 'Hardware failure', enabled: true }]);
    form.items.unshift({ code: ' card_reader ', nameZh: ' 读卡器 ', nameEn: 'Card reader', enabled: true, added: true });
    expect(formToCauses(form.items)).toEqual({
      items: [
        { code: 'card_reader', nameZh: '读卡器', nameEn: 'Card reader', enabled: true },
        { code: 'hardware', nameZh: '硬件故障', nameEn: 'Hardware failure', enabled: true },
      ],
    });
  });

  it('finds codes typed twice and checks a code’s form as the server does', () => {
    const row = (code: string) => ({ code, nameZh: 'x', nameEn: 'x', enabled: true });
    expect([...repeatedCodes([row('power'), row('network'), row(' power')])]).toEqual(['power']);
    expect(CAUSE_CODE.test('third_party_payment')).toBe(true);
    expect(CAUSE_CODE.test('Hardware')).toBe(false);
    expect(CAUSE_CODE.test('a'.repeat(33))).toBe(false);
  });
});
