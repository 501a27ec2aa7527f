import { toIso, toIsoOrNull } from '../../../clock.ts';
import type { Executor } from '../../../db/types.ts';
import { ConflictError, NotFoundError } from '../../../errors.ts';
import { newId, randomSecret } from '../../../ids.ts';
import { sha256Hex } from '../../../lib/hash.ts';
import type { ModuleContext } from '../../../module.ts';
import { systemContext, type RequestContext } from '../../auth/index.ts';
import { incidentsRepository } from '../incidents.repository.ts';
import type { IncidentsService } from '../incidents.service.ts';
import type { IncidentsTable, IncidentSurveysTable } from '../incidents.tables.ts';
import { formatIncidentNumber } from '../intake/mail/incident-number.ts';
import { DAY_MS } from '../workflow/policy.ts';
import type { SurveyAnswerBody, SurveyView } from './surveys.schemas.ts';
import { surveysRepository } from './surveys.repository.ts';

/** A survey link works this long after it was made. */
export const SURVEY_VALID_DAYS = 30;
/** States in which the client is asked: they confirmed the fix, or it was closed. */
const SURVEY_STATES: readonly IncidentsTable['state'][] = ['confirmed', 'closed'];
/** An answer that meets another write to the incident starts again this many times (the incident's version moved). */
const ANSWER_ATTEMPTS = 3;

/**
 * Makes the satisfaction survey for an incident the client confirmed or that was closed, in the caller's transaction
 * (the workflow's confirm and close). The token goes into the link and nowhere else: only its SHA-256 is stored, so
 * the table cannot be turned into working links. One survey per fix: null when the incident has one made since its
 * latest resolution (confirm, then close, ask once; a reopened and fixed again incident asks again).
 */
export async function createSurvey(trx: Executor, incident: IncidentsTable, now: number): Promise<{ token: string; expiresAt: number } | null> {
  if (!SURVEY_STATES.includes(incident.state)) {
    throw new ConflictError(`A survey is sent for a confirmed or closed incident, not a ${incident.state} one`, 'SURVEY_NOT_DUE', { state: incident.state });
  }
  if (await surveysRepository.existsSince(trx, incident.id, incident.resolved_at ?? 0)) return null;
  const token = randomSecret(32);
  const expiresAt = now + SURVEY_VALID_DAYS * DAY_MS;
  await surveysRepository.insert(trx, { id: newId(), incident_id: incident.id, token_hash: sha256Hex(token), expires_at: expiresAt, score: null, comment: null, answered_at: null, created_at: now });
  return { token, expiresAt };
}

/**
 * The survey link, for the client without an account (SPEC C5.7): what it is about, and answering it once. A wrong,
 * altered or unknown token is one 404 for all, so probing learns nothing; the answer is recorded by opsdesk itself
 * (the link is the credential, there is no person to name) on the incident's timeline and in the audit log.
 */
export function createSurveysService(ctx: ModuleContext, deps: { incidents: Pick<IncidentsService, 'note'> }) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;

  async function surveyOf(executor: Executor, token: string): Promise<IncidentSurveysTable> {
    const survey = await surveysRepository.findByHash(executor, sha256Hex(token));
    if (!survey) throw new NotFoundError('Survey');
    return survey;
  }

  return {
    async view(token: string): Promise<SurveyView> {
      const survey = await surveyOf(k, token);
      const incident = await surveysRepository.incidentSummary(k, survey.incident_id);
      if (!incident) throw new NotFoundError('Survey');
      const now = clock.now();
      return {
        ref: formatIncidentNumber(Number(incident.number)),
        title: incident.title,
        resolution: incident.fix,
        causeCategory: incident.name_zh !== null && incident.name_en !== null ? { nameZh: incident.name_zh, nameEn: incident.name_en } : null,
        resolvedAt: toIsoOrNull(incident.resolved_at === null ? null : Number(incident.resolved_at)),
        status: survey.answered_at !== null ? 'answered' : Number(survey.expires_at) <= now ? 'expired' : 'open',
        expiresAt: toIso(Number(survey.expires_at)),
        score: survey.score,
        answeredAt: toIsoOrNull(survey.answered_at === null ? null : Number(survey.answered_at)),
      };
    },

    /** `request` is where the answer came from: its id ties the audit record to the request, its address is kept. */
    async answer(token: string, body: SurveyAnswerBody, request: { ip: string | null; requestId: string | null }): Promise<SurveyView> {
      const rc: RequestContext = { ...systemContext('opsdesk'), ip: request.ip, requestId: request.requestId };
      const comment = body.comment?.trim() || null;
      for (let attempt = 1; ; attempt++) {
        try {
          await k.transaction().execute(async (trx) => {
            const survey = await surveyOf(trx, token);
            const now = clock.now();
            if (survey.answered_at !== null) throw new ConflictError('This survey was answered already: thank you', 'SURVEY_ANSWERED');
            if (Number(survey.expires_at) <= now) throw new ConflictError('This survey link has expired', 'SURVEY_EXPIRED');
            if (!(await surveysRepository.answer(trx, survey.id, { score: body.score, comment, at: now }))) throw new ConflictError('This survey was answered already: thank you', 'SURVEY_ANSWERED');
            const row = await incidentsRepository.findById(trx, survey.incident_id);
            if (!row) throw new NotFoundError('Survey');
            const scored = await incidentsRepository.updateIfVersion(trx, row.id, row.version, { satisfaction: body.score, updated_at: now });
            if (!scored) throw new ConflictError('The incident changed meanwhile', 'INCIDENT_CHANGED');
            await deps.incidents.note(trx, rc, scored, 'survey', { score: body.score, comment }, now);
            // The comment is on the timeline; the audit log, which is kept for ever, holds only its length.
            await audit.append(trx, rc, { action: 'survey.answer', targetType: 'incident', targetId: row.id, after: { surveyId: survey.id, score: body.score, commentLength: comment?.length ?? 0 } });
          });
          break;
        } catch (error) {
          // Someone moved the incident between our read and our write: the survey is still unanswered, so try again.
          if (error instanceof ConflictError && error.code === 'INCIDENT_CHANGED' && attempt < ANSWER_ATTEMPTS) continue;
          throw error;
        }
      }
      return this.view(token);
    },
  };
}

export type SurveysService = ReturnType<typeof createSurveysService>;
