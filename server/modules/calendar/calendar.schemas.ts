import { Type } from '@sinclair/typebox';
import { DEFAULT_ZONE } from './zones.ts';

/**
 * A time zone in a request body. The schema only bounds the text: whether Intl knows the zone is checked by the
 * service with isValidTimeZone, which answers with the `timeZone` field problem (naming the value) that the console
 * words in the reader's language.
 */
export const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: `IANA time zone, default ${DEFAULT_ZONE}` });
