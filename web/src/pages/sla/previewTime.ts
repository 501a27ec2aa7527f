/**
 * The preview's instant: a dispatcher types the local time the caller rang (Beijing time, as every time in the
 * console is shown), whatever zone the browser itself is in.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { DISPLAY_TIME_ZONE } from '../../app/format';

dayjs.extend(utc);
dayjs.extend(timezone);

const WALL = 'YYYY-MM-DD HH:mm';

/** The local wall time of an instant in the console's zone, as 'YYYY-MM-DD HH:mm'. */
export const wallTimeOf = (at: number, zone = DISPLAY_TIME_ZONE): string => dayjs(at).tz(zone).format(WALL);

/** The instant (ISO) of a 'YYYY-MM-DD HH:mm' wall time in the console's zone. */
export const instantOfWallTime = (wall: string, zone = DISPLAY_TIME_ZONE): string => dayjs.tz(wall, WALL, zone).toISOString();

/** The year it is now in the console's zone (the year view opens on it). */
export const localYear = (at: number, zone = DISPLAY_TIME_ZONE): number => Number(dayjs(at).tz(zone).format('YYYY'));
