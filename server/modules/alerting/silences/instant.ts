/**
 * The instant an ISO 8601 date-time names, for a value the schema's `date-time` format accepted. That format allows
 * a leap second (23:59:60), which Date.parse refuses (NaN): it is read as the instant after 23:59:59, where a leap
 * second ends.
 */
export function instantOf(iso: string): number {
  const parsed = Date.parse(iso);
  if (!Number.isNaN(parsed)) return parsed;
  const withoutLeap = Date.parse(iso.replace(/(T\d\d:\d\d:)60/i, '$159'));
  if (Number.isNaN(withoutLeap)) throw new Error(`not a date-time: ${iso}`);
  return withoutLeap - (withoutLeap % 1000) + 1000;
}
