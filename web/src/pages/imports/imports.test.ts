import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { importMediaType } from '../../api/imports';
import { outcomeOf, rejectedResult, unreadableProblems } from './importResult';
import { csvField, templateCsv } from './templates';

const result = { dryRun: false, total: 2, imported: 0, created: 2, updated: 0, errors: [{ line: 3, field: 'type', code: 'enum', message: 'bad' }], errorCount: 1 };

describe('import templates', () => {
  it('start with a BOM and Chinese headers, one CSV line per row', () => {
    const csv = templateCsv('devices');
    expect(csv.startsWith('\uFEFF设备编号,设备名称,站点编号,设备类型,子系统')).toBe(true);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(3);
    expect(templateCsv('sites').split('\r\n')[1]).toBe('canteen-1,第一食堂,Asia/Shanghai,东区一号食堂，早 6:30 开门');
  });

  it('quote fields that need it', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain')).toBe('plain');
  });
});

describe('import answers', () => {
  it('take the result of a 422 IMPORT_REJECTED from its details', () => {
    expect(rejectedResult(new ApiError(422, 'IMPORT_REJECTED', 'no', result))).toEqual(result);
    expect(rejectedResult(new ApiError(413, 'IMPORT_TOO_LARGE', 'big', { rows: 1 }))).toBeNull();
    expect(rejectedResult(new Error('x'))).toBeNull();
  });

  it("keep an unreadable file's reason with its line, to word it in the reader's language", () => {
    const problem = { field: 'file', code: 'csvQuoteNotClosed', params: { line: 7 }, message: 'the quote opened on line 7 is never closed' };
    expect(unreadableProblems(new ApiError(400, 'IMPORT_UNREADABLE', 'The file cannot be read: …', [problem]))).toEqual([problem]);
    expect(unreadableProblems(new ApiError(400, 'IMPORT_UNREADABLE', 'The file cannot be read: it is empty'))).toEqual([
      { field: 'file', message: 'The file cannot be read: it is empty' },
    ]);
    expect(unreadableProblems(new ApiError(422, 'IMPORT_REJECTED', 'no', result))).toBeNull();
  });

  it('read as checked, imported, problems or rejected', () => {
    expect(outcomeOf({ ...result, errors: [], errorCount: 0, dryRun: true }, false)).toBe('checked');
    expect(outcomeOf({ ...result, errors: [], errorCount: 0 }, false)).toBe('imported');
    expect(outcomeOf({ ...result, dryRun: true }, false)).toBe('problems');
    expect(outcomeOf(result, true)).toBe('rejected');
  });

  it('send CSV and XLSX with their media types', () => {
    expect(importMediaType('闸机清单.CSV')).toBe('text/csv');
    expect(importMediaType('devices.xlsx')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(importMediaType('devices.xls')).toBeNull();
  });
});
