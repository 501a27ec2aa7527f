import { formatRecordNumber, parseRecordNumber } from '../record-number.ts';

/** Problems are numbered like incidents and shown as PRB-000123. */
export const formatProblemNumber = (n: number): string => formatRecordNumber('PRB', n);

/** PRB-000123, PRB123 or 123 → 123 (what people type to find a problem); anything else → null. */
export const parseProblemNumber = (text: string): number | null => parseRecordNumber('PRB', text);
