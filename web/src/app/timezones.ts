export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

const FALLBACK = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Urumqi', 'Asia/Tokyo', 'Asia/Singapore', 'UTC'];

/** IANA time zones the browser knows, with Asia/Shanghai first. */
export function timezoneOptions(): string[] {
  let zones: string[] = FALLBACK;
  try {
    const supported = Intl.supportedValuesOf('timeZone');
    if (supported.length > 0) zones = supported;
  } catch {
    /* older browser: the short list will do */
  }
  return [DEFAULT_TIMEZONE, ...zones.filter((z) => z !== DEFAULT_TIMEZONE)];
}
