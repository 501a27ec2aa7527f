/**
 * The roster editor's values and the body they make. The form keeps the body's shape (layers → rotation, holidays),
 * so the server's field problems (`layers.0.rotation.handover`, `holidays.3.date`) land on the inputs as named; times
 * and dates are kept as the API's text ('HH:MM', 'YYYY-MM-DD') and only the pickers see dayjs. A layer's weekly
 * active ranges are edited as rows of days and times (activeWeek.ts); their problems are placed back on the rows.
 */
import type { CreateRosterRequest, Roster, RotationKind } from '../../api/oncall';
import { rowsToWeek, weekToRows, type ActiveRangeRow, type WeeklyRanges } from './activeWeek';

export const DEFAULT_ZONE = 'Asia/Shanghai';
/** The server's own default for a holiday duty day's hand-over. */
export const DEFAULT_HOLIDAY_HANDOVER = '08:30';
export const DEFAULT_HANDOVER = '08:30';
export const ROTATION_KINDS: readonly RotationKind[] = ['daily', 'weekly', 'custom'];

export interface LayerValues {
  id?: string;
  name: string;
  rotation: {
    kind: RotationKind;
    shiftHours?: number | null;
    handover: string;
    startDate: string;
    participants: string[];
    /** when in the week the layer is in force; none: always */
    activeWeek?: ActiveRangeRow[];
  };
}

export interface HolidayValues {
  date: string;
  leaderUserId?: string | null;
  userIds?: string[];
}

export interface RosterFormValues {
  name: string;
  description?: string | null;
  zone: string;
  hotline?: string | null;
  chinaHolidays: boolean;
  holidayHandover: string;
  layers: LayerValues[];
  holidays: HolidayValues[];
}

export const newLayer = (name: string, startDate: string): LayerValues => ({
  name,
  rotation: { kind: 'daily', handover: DEFAULT_HANDOVER, startDate, participants: [] },
});

/** The form for a stored roster, or for a new one with one daily layer starting today. */
export function rosterToForm(roster: Roster | null, defaults: { layerName: string; today: string }): RosterFormValues {
  if (!roster) {
    return {
      name: '',
      description: '',
      zone: DEFAULT_ZONE,
      hotline: '',
      chinaHolidays: true,
      holidayHandover: DEFAULT_HOLIDAY_HANDOVER,
      layers: [newLayer(defaults.layerName, defaults.today)],
      holidays: [],
    };
  }
  return {
    name: roster.name,
    description: roster.description ?? '',
    zone: roster.zone,
    hotline: roster.hotline ?? '',
    chinaHolidays: roster.chinaHolidays,
    holidayHandover: roster.holidayHandover,
    layers: roster.layers.map((l) => ({
      ...(l.id !== undefined && { id: l.id }),
      name: l.name,
      rotation: {
        kind: l.rotation.kind,
        shiftHours: l.rotation.shiftHours ?? null,
        handover: l.rotation.handover,
        startDate: l.rotation.startDate,
        participants: [...l.rotation.participants],
        activeWeek: l.rotation.activeRanges != null ? weekToRows(l.rotation.activeRanges as WeeklyRanges) : [],
      },
    })),
    holidays: roster.holidays.map((h) => ({ date: h.date, leaderUserId: h.leaderUserId, userIds: h.userIds ?? [] })),
  };
}

const text = (value: string | null | undefined) => (value ?? '').trim();

/** The body to create a roster with, or to replace a stored one's fields (PATCH takes the same fields). */
export function formToRoster(values: RosterFormValues): CreateRosterRequest {
  return {
    name: text(values.name),
    description: text(values.description) || null,
    zone: values.zone,
    hotline: text(values.hotline) || null,
    chinaHolidays: values.chinaHolidays,
    holidayHandover: values.holidayHandover,
    layers: (values.layers ?? []).map((l) => ({
      ...(l.id && { id: l.id }),
      name: text(l.name),
      rotation: {
        kind: l.rotation.kind,
        ...(l.rotation.kind === 'custom' && l.rotation.shiftHours != null && { shiftHours: l.rotation.shiftHours }),
        handover: l.rotation.handover,
        startDate: l.rotation.startDate,
        participants: l.rotation.participants ?? [],
        ...(l.rotation.activeWeek && l.rotation.activeWeek.length > 0 && { activeRanges: rowsToWeek(l.rotation.activeWeek).week }),
      },
    })),
    holidays: (values.holidays ?? []).map((h) => ({
      date: h.date,
      leaderUserId: h.leaderUserId ?? null,
      userIds: h.userIds && h.userIds.length > 0 ? h.userIds : null,
    })),
  };
}
