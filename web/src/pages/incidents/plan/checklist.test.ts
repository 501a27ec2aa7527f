import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client';
import { checklistPeople, elapsedText, elapsedTone, finishedBy, groupByPhase, isStaleStep, localText, progress, stepActions, stepBody, warRoomProminent } from './checklist';
import type { ChecklistStep, IncidentPlan } from './planApi';

const step = (over: Partial<ChecklistStep>): ChecklistStep => ({
  key: 'k',
  position: 0,
  title: { zh: '确认范围', en: 'Confirm the scope' },
  detail: null,
  role: 'onsite-engineer',
  phase: 'response',
  check: null,
  backfill: false,
  status: 'pending',
  assignee: null,
  expectedMinutes: 15,
  elapsedMinutes: null,
  overdue: false,
  startedAt: null,
  startedBy: null,
  doneAt: null,
  doneBy: null,
  skippedAt: null,
  skippedBy: null,
  skipReason: null,
  verified: false,
  version: 3,
  ...over,
});

describe('the checklist logic', () => {
  it('reads texts in the reader’s language, falling back to Chinese', () => {
    expect(localText({ zh: '中', en: 'En' }, 'en')).toBe('En');
    expect(localText({ zh: '中', en: 'En' }, 'zh-CN')).toBe('中');
    expect(localText({ zh: '中' }, 'en')).toBe('中');
    expect(localText({ zh: '中', en: '  ' }, 'en-US')).toBe('中');
    expect(localText(null, 'en')).toBe('');
  });

  it('groups steps by phase in the phase order, each by position, leaving empty phases out', () => {
    const groups = groupByPhase([
      step({ key: 'v', phase: 'verification', position: 5 }),
      step({ key: 'b', phase: 'response', position: 1 }),
      step({ key: 'a', phase: 'response', position: 0 }),
      step({ key: 'f', phase: 'fallback', position: 2 }),
    ]);
    expect(groups.map((g) => [g.phase, g.steps.map((s) => s.key)])).toEqual([
      ['response', ['a', 'b']],
      ['fallback', ['f']],
      ['verification', ['v']],
    ]);
    expect(groupByPhase([])).toEqual([]);
  });

  it('counts finished, overdue open and open back-fill steps', () => {
    expect(
      progress([
        step({ status: 'done' }),
        step({ status: 'skipped', backfill: true }),
        step({ status: 'started', overdue: true }),
        step({ status: 'done', overdue: true }),
        step({ status: 'pending', backfill: true }),
      ]),
    ).toEqual({ finished: 3, total: 5, overdue: 1, backfillOpen: 1 });
  });

  it('offers what the server allows next, nothing when finished or read-only', () => {
    expect(stepActions(step({ status: 'pending' }), true)).toEqual(['start', 'done', 'skip', 'reassign']);
    expect(stepActions(step({ status: 'started' }), true)).toEqual(['done', 'skip', 'reassign']);
    expect(stepActions(step({ status: 'done' }), true)).toEqual([]);
    expect(stepActions(step({ status: 'skipped' }), true)).toEqual([]);
    expect(stepActions(step({ status: 'pending' }), false)).toEqual([]);
  });

  it('words the time: expected before the start, running or took against expected after, overdue marked', () => {
    expect(elapsedText(step({}))).toEqual({ key: 'incidentPlan.time.expected', values: { expected: 15 } });
    expect(elapsedText(step({ status: 'started', elapsedMinutes: 20 }))).toEqual({ key: 'incidentPlan.time.running', values: { elapsed: 20, expected: 15 } });
    expect(elapsedText(step({ status: 'done', elapsedMinutes: 0 }))).toEqual({ key: 'incidentPlan.time.took', values: { elapsed: 0, expected: 15 } });
    expect(elapsedTone(step({}))).toBe('idle');
    expect(elapsedTone(step({ elapsedMinutes: 20, overdue: true }))).toBe('overdue');
    expect(elapsedTone(step({ elapsedMinutes: 5 }))).toBe('normal');
  });

  it('says who finished a step: a person, opsdesk (verified) or the skipper', () => {
    expect(finishedBy(step({}))).toBeNull();
    expect(finishedBy(step({ status: 'done', doneAt: '2026-12-01T08:00:00Z', doneBy: { userId: 'u', name: '赵工' } }))).toEqual({ kind: 'done', name: '赵工', at: '2026-12-01T08:00:00Z' });
    expect(finishedBy(step({ status: 'done', doneAt: '2026-12-01T08:00:00Z', verified: true }))).toEqual({ kind: 'verified', name: null, at: '2026-12-01T08:00:00Z' });
    expect(finishedBy(step({ status: 'skipped', skippedAt: '2026-12-01T08:01:00Z', skippedBy: { userId: 'u', name: '钱工' } }))).toMatchObject({ kind: 'skipped', name: '钱工' });
  });

  it('builds each action’s request with the step’s version', () => {
    expect(stepBody('start', step({}))).toEqual({ action: 'start', version: 3 });
    expect(stepBody('done', step({ version: 7 }))).toEqual({ action: 'done', version: 7 });
    expect(stepBody('skip', step({}), { reason: '  不适用：无人工窗口 ' })).toEqual({ action: 'skip', version: 3, reason: '不适用：无人工窗口' });
    expect(stepBody('reassign', step({}), { userId: 'u1' })).toEqual({ action: 'reassign', version: 3, userId: 'u1' });
    expect(stepBody('reassign', step({}), { userId: '' })).toEqual({ action: 'reassign', version: 3, userId: null });
    expect(stepBody('skip', step({}), { reason: 'x'.repeat(1200) })).toMatchObject({ reason: 'x'.repeat(1000) });
  });

  it('refuses to skip without a reason', () => {
    expect(() => stepBody('skip', step({}), { reason: '   ' })).toThrow();
    expect(() => stepBody('skip', step({}))).toThrow();
  });

  it('knows a stale step from other refusals', () => {
    expect(isStaleStep(new ApiError(409, 'PLAN_STEP_CHANGED', 'moved'))).toBe(true);
    expect(isStaleStep(new ApiError(409, 'PLAN_STEP_FINISHED', 'done'))).toBe(true);
    expect(isStaleStep(new ApiError(409, 'INCIDENT_CLOSED', 'closed'))).toBe(false);
    expect(isStaleStep(new Error('network'))).toBe(false);
  });

  it('offers the war room prominently for a level-1 incident running a plan', () => {
    const plan = { steps: [] } as unknown as IncidentPlan;
    expect(warRoomProminent(1, plan)).toBe(true);
    expect(warRoomProminent(2, plan)).toBe(false);
    expect(warRoomProminent(1, null)).toBe(false);
  });

  it('collects the people the checklist names, once each', () => {
    const zhao = { userId: 'u1', name: '赵工' };
    const plan = { attachedBy: { userId: 'a', name: '管理员' }, steps: [step({ assignee: zhao, doneBy: zhao }), step({ skippedBy: { userId: 'u2', name: '钱工' } })] };
    expect(checklistPeople(plan)).toEqual({ a: '管理员', u1: '赵工', u2: '钱工' });
    expect(checklistPeople({ attachedBy: null, steps: [] })).toEqual({});
  });
});
