import type { Executor } from '../../db/types.ts';
import { NotFoundError } from '../../errors.ts';
import { canSeeSite, type Actor } from '../auth/index.ts';
import { closingRepository } from './closing/closing.repository.ts';
import type { RootCause } from './closing/closing.schemas.ts';
import { incidentsRepository } from './incidents.repository.ts';
import { formatIncidentNumber } from './intake/mail/incident-number.ts';
import type { IncidentState } from './workflow/model.ts';

/** What the knowledge base reads of one incident: to draft an article from it, and to suggest articles for it. */
export interface IncidentKnowledge {
  id: string;
  ref: string;
  title: string;
  state: IncidentState;
  symptom: string;
  fix: string | null;
  causeCategory: { code: string; nameZh: string; nameEn: string } | null;
  rootCause: RootCause | null;
  deviceType: string | null;
  subsystem: string | null;
  /** the names of the alerts linked to it (a rule's key, or an external alert's alertname), distinct */
  alertNames: string[];
  problemIds: string[];
  parts: { sku: string; name: string; unit: string | null; quantity: number }[];
}

/**
 * One incident as the knowledge base sees it, if `actor` may see it (404 otherwise, as everywhere): a read for the kb
 * module, which may not use this module's repositories (server/modules/kb).
 */
export async function incidentKnowledge(db: Executor, actor: Actor, id: string): Promise<IncidentKnowledge> {
  const row = await incidentsRepository.findById(db, id);
  if (!row || !canSeeSite(actor, row.site_id)) throw new NotFoundError('Incident', id);
  const [device, cause, problems, parts, alerts] = await Promise.all([
    row.device_id ? closingRepository.device(db, row.device_id) : undefined,
    row.cause_category ? closingRepository.cause(db, row.cause_category) : undefined,
    closingRepository.problemsOf(db, id),
    closingRepository.partsOf(db, id),
    db
      .selectFrom('incident_alerts')
      .innerJoin('alerts', 'alerts.id', 'incident_alerts.alert_id')
      .select('alerts.name')
      .distinct()
      .where('incident_alerts.incident_id', '=', id)
      .orderBy('alerts.name')
      .limit(50)
      .execute(),
  ]);
  return {
    id: row.id,
    ref: formatIncidentNumber(row.number),
    title: row.title,
    state: row.state,
    symptom: row.description,
    fix: row.fix,
    causeCategory: cause ? { code: cause.code, nameZh: cause.name_zh, nameEn: cause.name_en } : null,
    rootCause: row.root_cause ? (JSON.parse(row.root_cause) as RootCause) : null,
    deviceType: device?.type ?? null,
    subsystem: row.subsystem,
    alertNames: alerts.map((a) => a.name),
    problemIds: problems.map((p) => p.id),
    parts: parts.map((p) => ({ sku: p.sku, name: p.name, unit: p.unit, quantity: Number(p.quantity) })),
  };
}
