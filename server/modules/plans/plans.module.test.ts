import { describe, expect, it } from 'vitest';
import { registerCloseBlocker } from '../incidents/index.ts';
import { plansModule } from './plans.module.ts';

describe('the plans module', () => {
  it("registers its back-fill close blocker once with the incidents workflow; a second registration of the name is refused", () => {
    expect(plansModule.name).toBe('plans');
    expect(() => registerCloseBlocker('plans.backfill', async () => [])).toThrow(/already registered/);
  });
});
