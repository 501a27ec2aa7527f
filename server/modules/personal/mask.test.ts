import { Type } from '@sinclair/typebox';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskEmail, maskIdNumber, maskKeepLast, maskName, maskPhone } from './mask.ts';
import { compileMasker, NullablePersonalString, PersonalString } from './personal.schemas.ts';

describe('masks', () => {
  it('phone numbers keep the first three and last four digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('+86 138 1234 1234')).toBe('+86 138****1234');
    expect(maskPhone('010-62751234')).toBe('010****1234');
    expect(maskPhone('62751234')).toBe('****1234');
    expect(maskPhone('12345')).toBe('***45');
  });

  it('resident ID numbers hide the birth date', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('110105491231002')).toBe('110105******002');
  });

  it('card and bank numbers show the last four', () => {
    expect(maskKeepLast('6222 0212 3456 7890 123')).toBe('***************0123');
    expect(maskKeepLast('123')).toBe('***');
  });

  it('e-mail and names', () => {
    expect(maskEmail('zhang.san@example.edu.cn')).toBe('z***@example.edu.cn');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });

  it('never returns more than the last four digits of any number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{8,20}$/), (digits) => {
        for (const masked of [maskPhone(digits), maskKeepLast(digits)]) {
          const visible = masked.replace(/\D/g, '');
          expect(visible.length).toBeLessThanOrEqual(7);
          expect(masked.endsWith(digits.slice(-4))).toBe(true);
        }
      }),
    );
  });
});

describe('compileMasker', () => {
  const Schema = Type.Object({
    id: Type.String(),
    phone: NullablePersonalString('phone'),
    contacts: Type.Array(Type.Object({ card: PersonalString('cardNumber'), note: Type.String() })),
  });

  it('masks the marked fields, leaves the rest, and does not touch the input', () => {
    const value = { id: '13812341234', phone: '13812341234', contacts: [{ card: '6222021234567890', note: '6222021234567890' }] };
    const masked = compileMasker(Schema)!(value);
    expect(masked).toEqual({ id: '13812341234', phone: '138****1234', contacts: [{ card: '************7890', note: '6222021234567890' }] });
    expect(value.phone).toBe('13812341234');
  });

  it('passes null through and costs nothing for schemas without personal fields', () => {
    expect(compileMasker(Schema)!({ id: 'x', phone: null, contacts: [] })).toEqual({ id: 'x', phone: null, contacts: [] });
    expect(compileMasker(Type.Object({ a: Type.String() }))).toBeNull();
  });
});
