import { describe, expect, it } from 'vitest';
import { choiceProblems, isMappableSource, mappingBody, mappingNeed } from './columnMappings';
import type { Finding } from './reconApi';
import { uploadQuery } from './upload';

const finding = (code: string, params: Finding['params']): Finding => ({ code, severity: 'error', file: 'f.csv', line: 1, field: null, message: code, params });

describe('a file that needs a column mapping', () => {
  it('reads the header, the missing fields and the saved mappings offered from the NEEDS_MAPPING finding', () => {
    const need = mappingNeed({
      findingList: [
        finding('NEEDS_MAPPING', {
          missing: 'amount,txnTime,txnId',
          header: JSON.stringify(['凭证号', '发生金额', '', '记账日期']),
          savedMappings: JSON.stringify([{ id: 'm1', name: '银行 A', matchesHeader: true }, { id: 'm2', name: 'B' }, { nonsense: 1 }]),
        }),
      ],
    });
    expect(need).toEqual({
      header: ['凭证号', '发生金额', '', '记账日期'],
      missing: ['amount', 'txnTime', 'txnId'],
      offered: [
        { id: 'm1', name: '银行 A', matchesHeader: true },
        { id: 'm2', name: 'B', matchesHeader: false },
      ],
    });
  });

  it('is none for another failure, or a finding without a readable header', () => {
    expect(mappingNeed({ findingList: [finding('TRUNCATED', {})] })).toBeNull();
    expect(mappingNeed({ findingList: [finding('NEEDS_MAPPING', { missing: 'amount', header: 'not json' })] })).toBeNull();
    expect(mappingNeed({ findingList: [finding('NEEDS_MAPPING', { missing: 'amount' })] })).toBeNull();
  });
});

describe('mapping choices', () => {
  it('says what the server would refuse: amount and time unset, one column twice, no id when the header has none', () => {
    expect(choiceProblems({}, ['amount', 'txnTime', 'txnId'])).toEqual([
      { field: 'amount', problem: 'required' },
      { field: 'txnTime', problem: 'required' },
      { field: 'txnId', problem: 'needId' },
    ]);
    expect(choiceProblems({ amount: 1, txnTime: 1, merchantOrderId: 0 }, ['txnId'])).toEqual([{ field: 'txnTime', problem: 'duplicate' }]);
    // the header named an id column itself: none needs choosing
    expect(choiceProblems({ amount: 1, txnTime: 2 }, ['amount', 'txnTime'])).toEqual([]);
  });

  it('saves the choices by column index under a trimmed name, with the header as read', () => {
    expect(mappingBody('  银行 A ', ['凭证号', '发生金额', '记账日期'], { txnTime: 2, txnId: 0, amount: 1 }, 'fen')).toEqual({
      name: '银行 A',
      source: 'ledger',
      header: ['凭证号', '发生金额', '记账日期'],
      mapping: { txnId: 0, amount: 1, txnTime: 2, amountUnit: 'fen' },
    });
    expect(mappingBody('x'.repeat(150), ['a'], { amount: 0 }).name).toHaveLength(100);
  });
});

describe('the upload names a saved mapping', () => {
  it('for the generic ledger only', () => {
    expect(isMappableSource('ledger')).toBe(true);
    expect(isMappableSource('wechat')).toBe(false);
    expect(uploadQuery({ source: 'ledger', mapping: ' 银行 A ' }, 'a.csv')).toEqual({ source: 'ledger', fileName: 'a.csv', mapping: '银行 A' });
    expect(uploadQuery({ source: 'wechat', mapping: '银行 A' }, 'a.csv')).toEqual({ source: 'wechat', fileName: 'a.csv' });
    expect(uploadQuery({ source: 'ledger', mapping: '  ' }, 'a.csv')).toEqual({ source: 'ledger', fileName: 'a.csv' });
  });
});
