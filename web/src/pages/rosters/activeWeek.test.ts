import { describe, expect, it } from 'vitest';
import { placeActiveRangeProblem, rowsToWeek, weekToRows, type ActiveRangeRow } from './activeWeek';

const nights: ActiveRangeRow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '18:00', to: '08:00' };
const weekend: ActiveRangeRow = { days: ['sat', 'sun'], from: '00:00', to: '00:00' };

describe("a layer's weekly active ranges", () => {
  it('splits a night layer at midnight, Friday night running into Saturday morning', () => {
    expect(rowsToWeek([nights]).week).toEqual({
      mon: [['18:00', '24:00']],
      tue: [['00:00', '08:00'], ['18:00', '24:00']],
      wed: [['00:00', '08:00'], ['18:00', '24:00']],
      thu: [['00:00', '08:00'], ['18:00', '24:00']],
      fri: [['00:00', '08:00'], ['18:00', '24:00']],
      sat: [['00:00', '08:00']],
    });
  });

  it('sends 00:00 to 00:00 as the whole day, and a Sunday night into Monday', () => {
    expect(rowsToWeek([weekend]).week).toEqual({ sat: [['00:00', '24:00']], sun: [['00:00', '24:00']] });
    expect(rowsToWeek([{ days: ['sun'], from: '22:00', to: '06:00' }]).week).toEqual({ sun: [['22:00', '24:00']], mon: [['00:00', '06:00']] });
  });

  it('reads back what it sent, also as the server stores it (every day, sorted, empty days)', () => {
    for (const rows of [[nights], [weekend], [{ days: ['mon', 'wed'], from: '08:30', to: '12:00' } as ActiveRangeRow, { days: ['mon', 'wed'], from: '13:30', to: '17:30' } as ActiveRangeRow], [{ days: ['sun'], from: '22:00', to: '06:00' } as ActiveRangeRow]]) {
      const stored = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...rowsToWeek(rows).week };
      expect(weekToRows(stored)).toEqual(rows);
    }
  });

  it("puts the server's problems on the row that sent the range", () => {
    const layers = [{ rotation: {} }, { rotation: { activeWeek: [nights, { days: ['tue'], from: '07:00', to: '07:00' } as ActiveRangeRow] } }];
    // Tuesday's ranges were sent as 00:00–08:00 and 18:00–24:00 (the nights), then 07:00–07:00.
    expect(placeActiveRangeProblem(['layers', 1, 'rotation', 'activeRanges', 'tue[2]'], layers)).toEqual(['layers', 1, 'rotation', 'activeWeek', 1, 'from']);
    expect(placeActiveRangeProblem(['layers', 1, 'rotation', 'activeRanges', 'tue[0]'], layers)).toEqual(['layers', 1, 'rotation', 'activeWeek', 0, 'from']);
    expect(placeActiveRangeProblem(['layers', 1, 'rotation', 'activeRanges', 'tue'], layers)).toEqual(['layers', 1, 'rotation', 'activeWeek', 1, 'days']);
    expect(placeActiveRangeProblem(['layers', 1, 'rotation', 'activeRanges'], layers)).toEqual(['layers', 1, 'rotation', 'activeWeek']);
    expect(placeActiveRangeProblem(['layers', 1, 'rotation', 'handover'], layers)).toEqual(['layers', 1, 'rotation', 'handover']);
  });
});
