import type { TFunction } from 'i18next';

/** Units the server and the form hint name in English (`pcs` is what a part gets when none is given). */
const WORDED_UNITS = new Set(['pcs', 'roll', 'm']);

/** A part's unit in the reader's language when it is one of the stock units; any other unit is shown as typed. */
export function unitLabel(t: TFunction, unit: string): string {
  return WORDED_UNITS.has(unit) ? t(`spare.unitName.${unit}`) : unit;
}
