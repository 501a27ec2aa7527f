import { describe, expect, it } from 'vitest';
import { canDecide, reasonWords, scorePercent } from './proposalValues';

describe('proposed matches', () => {
  it("words the engine's reasons, with their figures", () => {
    expect(reasonWords('amount-equal')).toEqual({ key: 'amount-equal', values: {} });
    expect(reasonWords('amount-within-tolerance:12')).toEqual({ key: 'amount-within-tolerance', values: { fen: 12 } });
    expect(reasonWords('time-within-100s')).toEqual({ key: 'time-within', values: { seconds: 100 } });
    expect(reasonWords('time-within-s')).toEqual({ key: 'time-within-s', values: {} });
    expect(reasonWords('conflicting-ids')).toEqual({ key: 'conflicting-ids', values: {} });
  });

  it('shows the score as a percentage', () => {
    expect(scorePercent(0.825)).toBe('83%');
    expect(scorePercent(0.5)).toBe('50%');
  });

  it('offers decisions on an undecided proposal of the current run to holders of recon:write only', () => {
    const writer = (p: string) => p === 'recon:write';
    const reader = (p: string) => p === 'recon:read';
    expect(canDecide({ state: 'proposed' }, false, writer)).toBe(true);
    expect(canDecide({ state: 'proposed' }, false, reader)).toBe(false);
    expect(canDecide({ state: 'confirmed' }, false, writer)).toBe(false);
    expect(canDecide({ state: 'rejected' }, false, writer)).toBe(false);
    expect(canDecide({ state: 'proposed' }, true, writer)).toBe(false);
  });
});
