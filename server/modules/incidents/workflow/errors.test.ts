import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../../../http/error-handler.ts';
import { applyTransition } from './apply.ts';
import type { TransitionRequest } from './requests.ts';
import { client, engineer, incidentIn, T0 } from './testing.ts';

/** The refusals as a browser receives them, through the server's one error handler. */
describe('workflow refusals over HTTP', () => {
  const app = Fastify();
  beforeAll(async () => {
    registerErrorHandler(app);
    app.post<{ Body: { state: 'assigned' | 'resolved'; as: 'client' | 'engineer'; request: TransitionRequest } }>('/transition', async (req) => {
      const { incident } = incidentIn(req.body.state);
      return applyTransition(incident, req.body.request, req.body.as === 'client' ? client : engineer, T0).incident.state;
    });
    await app.ready();
  });
  afterAll(() => app.close());

  const send = (body: object) => app.inject({ method: 'POST', url: '/transition', payload: body });

  it('an illegal transition is a 409 naming the state and the transitions it allows', async () => {
    const res = await send({ state: 'assigned', as: 'engineer', request: { kind: 'resolve', fix: 'x', causeCategory: 'hardware' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'INCIDENT_TRANSITION_NOT_ALLOWED',
      message: 'Cannot resolve an incident that is assigned: from assigned it can only: reassign, acknowledge, escalate, declare_major, communicate',
      details: { state: 'assigned', requested: 'resolve', allowed: ['reassign', 'acknowledge', 'escalate', 'declare_major', 'communicate'] },
    });
  });

  it('a missing permission is a 403 naming it; a missing value a 400 naming the field', async () => {
    const forbidden = await send({ state: 'resolved', as: 'engineer', request: { kind: 'confirm' } });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error).toMatchObject({ code: 'FORBIDDEN', message: 'confirm needs the permission incidents:confirm' });
    const invalid = await send({ state: 'resolved', as: 'client', request: { kind: 'reopen', reason: '   ' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'reason', code: 'required' }] });
  });
});
