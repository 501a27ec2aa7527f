import { describe, expect, it } from 'vitest';
import { majorIncidentSteps } from '../grading/major.ts';
import { checkWorkflowPolicy, DEFAULT_WORKFLOW_POLICY } from './policy.ts';
import { dispatcher, engineer, incidentIn, step } from './testing.ts';

describe('workflow policy', () => {
  it('the default passes its own check: auto-close and reopen after 7 days, clocks pause for the customer only', () => {
    expect(DEFAULT_WORKFLOW_POLICY).toMatchObject({ autoCloseAfterDays: 7, reopenWindowDays: 7, pausingWaitReasons: ['customer'] });
    expect(checkWorkflowPolicy(DEFAULT_WORKFLOW_POLICY)).toEqual([]);
    expect(checkWorkflowPolicy(JSON.parse(JSON.stringify(DEFAULT_WORKFLOW_POLICY)))).toEqual([]);
  });

  it('names every bad field', () => {
    const problems = checkWorkflowPolicy({
      autoCloseAfterDays: -1,
      reopenWindowDays: 1.5,
      pausingWaitReasons: ['customer', 'weather', 'customer'],
      major: { communicationEveryMinutes: 1, reviewRequired: 'yes' },
    });
    expect(problems.map((p) => `${p.field} ${p.code}`)).toEqual([
      'autoCloseAfterDays minimum',
      'reopenWindowDays type',
      'major.communicationEveryMinutes minimum',
      'major.reviewRequired type',
      'pausingWaitReasons.1 enum',
      'pausingWaitReasons duplicateValue',
    ]);
    expect(checkWorkflowPolicy(null).map((p) => p.code)).toEqual(['type']);
    expect(checkWorkflowPolicy({ ...DEFAULT_WORKFLOW_POLICY, autoCloseAfterDays: 91, pausingWaitReasons: 'customer' }).map((p) => `${p.field} ${p.code}`)).toEqual([
      'autoCloseAfterDays maximum',
      'pausingWaitReasons type',
    ]);
  });
});

describe('major-incident steps', () => {
  it('none for an ordinary incident; no update due once resolved; the review done when recorded', () => {
    expect(majorIncidentSteps(incidentIn('in_progress').incident, DEFAULT_WORKFLOW_POLICY.major, 0)).toBeNull();
    const built = step(incidentIn('in_progress'), dispatcher, { kind: 'declare_major', reason: 'outage' });
    const declaredAt = built.now;
    expect(majorIncidentSteps(built.incident, { communicationEveryMinutes: 15, reviewRequired: true }, declaredAt + 15 * 60_000)).toMatchObject({
      communicationDueAt: declaredAt + 15 * 60_000,
      communicationOverdue: false,
    });
    step(built, engineer, { kind: 'resolve', fix: 'Renewed the certificate', causeCategory: 'software' });
    step(built, dispatcher, { kind: 'record_review', summary: 'Certificate expiry now alerts 30 days ahead' });
    expect(majorIncidentSteps(built.incident, DEFAULT_WORKFLOW_POLICY.major, built.now + 24 * 60 * 60_000)).toEqual({
      communicationDueAt: null,
      communicationOverdue: false,
      reviewRequired: true,
      reviewDone: true,
    });
  });
});
