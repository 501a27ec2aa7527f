/**
 * The numbers people read and type: incidents INC-000123, problem records PRB-000123 — a positive integer shown with
 * its prefix and at least six digits. Finding an incident number inside a mail subject is the mail intake's own
 * parser (intake/mail/incident-number.ts); this is the plain form a search box gets.
 */
export type RecordPrefix = 'INC' | 'PRB';

const DISPLAY_DIGITS = 6;

/** INC-000123 for ('INC', 123); seven digits and more past 999,999. */
export const formatRecordNumber = (prefix: RecordPrefix, n: number): string => `${prefix}-${String(n).padStart(DISPLAY_DIGITS, '0')}`;

/** What people type to find one record: INC-000123, inc123 or 123 → 123; anything else → null. */
export function parseRecordNumber(prefix: RecordPrefix, text: string): number | null {
  const m = new RegExp(`^\\s*(?:${prefix}-?)?0*(\\d{1,9})\\s*$`, 'i').exec(text);
  return m ? Number(m[1]) : null;
}
