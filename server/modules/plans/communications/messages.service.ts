import { toIso } from '../../../clock.ts';
import { ConflictError, NotFoundError } from '../../../errors.ts';
import { fieldProblem, invalidFields, type FieldProblem } from '../../../field-problems.ts';
import { newId } from '../../../ids.ts';
import type { ModuleContext } from '../../../module.ts';
import { requirePermission, type RequestContext } from '../../auth/index.ts';
import { incidentFacts, noteOnIncident, type IncidentFacts } from '../../incidents/index.ts';
import { createNotifyOutbox, createWrittenNotices, noticeReceipts, receiptView, type NoticeReceipt } from '../../notify/index.ts';
import { onDutyInEveryRoster } from '../../oncall/index.ts';
import { siteRecords } from '../../sites/index.ts';
import { userAccounts } from '../../users/index.ts';
import type { CommunicationTemplate, PlanDocument } from '../plan-document.ts';
import { plansRepository } from '../plans.repository.ts';
import type { IncidentPlansTable, IncidentPlanStepsTable } from '../plans.tables.ts';
import { incidentMessageFacts } from './facts.ts';
import { fillTemplate, type Language } from './fill.ts';
import { planMessagesRepository } from './messages.repository.ts';
import { DELIVERY_STATES, MAX_RECIPIENTS, type PlanCommunications, type PlanMessage, type SendMessageBody } from './messages.schemas.ts';
import type { PlanMessagesTable } from './messages.tables.ts';

const unique = <T>(items: readonly T[]) => [...new Set(items)];

/**
 * An incident plan's communication templates (issue 12 item 3): filled with the incident's facts in zh and en for the
 * sender to read and edit, then sent — as written — through notify's outbox to people (on the chosen channels that
 * reach a person) and channels (a group robot or webhook posts once), durably, never while the request waits. Each
 * send is kept (plan_messages) with the outbox rows it became, whose receipts are its delivery status; it is told on
 * the incident's timeline and audited.
 */
export function createPlanMessagesService(ctx: ModuleContext) {
  const { db, clock, audit, events, config } = ctx;
  const k = db.kysely;
  const { outbox } = createNotifyOutbox(ctx);
  const notices = createWrittenNotices(ctx);

  async function visibleIncident(rc: RequestContext, id: string): Promise<IncidentFacts> {
    const incident = await incidentFacts(k, rc.actor, id);
    if (!incident) throw new NotFoundError('Incident', id);
    return incident;
  }

  /** The plan the incident runs, as attached (its version's document), with the checklist's steps. */
  async function running(incidentId: string): Promise<{ attached: IncidentPlansTable; key: string; document: PlanDocument; steps: IncidentPlanStepsTable[] }> {
    const attached = await plansRepository.incidentPlan(k, incidentId);
    if (!attached) throw new NotFoundError('Incident plan', incidentId);
    const [plan, version, steps] = await Promise.all([plansRepository.findById(k, attached.plan_id), plansRepository.version(k, attached.plan_id, attached.plan_version), plansRepository.steps(k, incidentId)]);
    return { attached, key: plan!.key, document: JSON.parse(version!.document) as PlanDocument, steps };
  }

  /** Who is on duty now in every roster: participants and leaders on duty. */
  async function onDutyNow(now: number): Promise<string[]> {
    const rosters = await onDutyInEveryRoster(k, now);
    return unique(rosters.flatMap((r) => [...r.userIds, ...(r.leaderUserId ? [r.leaderUserId] : [])]));
  }

  const names = async (ids: readonly string[]) => plansRepository.userNames(k, unique(ids));

  function deliveryOf(receipts: readonly NoticeReceipt[]): PlanMessage['delivery'] {
    const counts = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as PlanMessage['delivery'];
    for (const r of receipts) {
      const state = (DELIVERY_STATES as readonly string[]).includes(r.state) ? (r.state as keyof PlanMessage['delivery']) : 'queued';
      counts[state]++;
    }
    return counts;
  }

  async function views(rows: readonly PlanMessagesTable[]): Promise<PlanMessage[]> {
    const receipts = await noticeReceipts(k, rows.flatMap((r) => JSON.parse(r.notification_ids) as string[]));
    const byId = new Map(receipts.map((r) => [r.id, r]));
    const people = await names(rows.flatMap((r) => [...(JSON.parse(r.user_ids) as string[]), ...(r.sent_by ? [r.sent_by] : [])]));
    return rows.map((r) => {
      const mine = (JSON.parse(r.notification_ids) as string[]).map((id) => byId.get(id)).filter((x): x is NoticeReceipt => x !== undefined);
      return {
        id: r.id,
        incidentId: r.incident_id,
        templateKey: r.template_key,
        audience: r.audience as PlanMessage['audience'],
        language: r.language as Language,
        subject: r.subject,
        body: r.body,
        recipients: JSON.parse(r.recipients) as PlanMessage['recipients'],
        people: (JSON.parse(r.user_ids) as string[]).map((id) => ({ userId: id, name: people.get(id) ?? id })),
        sentBy: r.sent_by === null ? null : { userId: r.sent_by, name: people.get(r.sent_by) ?? r.sent_by_name },
        sentAt: toIso(r.sent_at),
        delivery: deliveryOf(mine),
        receipts: mine.map(receiptView),
      };
    });
  }

  /** The people, after the body's shape: every chosen user active, the total within bounds; 400 naming each. */
  async function recipients(body: SendMessageBody, now: number): Promise<string[]> {
    const problems: FieldProblem[] = [];
    const users = await Promise.all(body.userIds.map((id) => userAccounts.findById(k, id)));
    body.userIds.forEach((id, i) => {
      if (users[i]?.status !== 'active') problems.push(fieldProblem(`userIds.${i}`, 'unknownUser', { user: id }));
    });
    const people = unique([...body.userIds, ...(body.onDuty ? await onDutyNow(now) : [])]);
    if (people.length > MAX_RECIPIENTS) problems.push(fieldProblem('userIds', 'maxItems', { limit: MAX_RECIPIENTS }));
    if (problems.length > 0) throw invalidFields(problems);
    return people;
  }

  /** The chosen channels, enabled; 400 for one that is not, and for a choice that reaches nobody. */
  async function channels(body: SendMessageBody, people: readonly string[]): Promise<void> {
    const enabled = new Map((await outbox.enabledChannels(k)).map((c) => [c.id, c]));
    const problems: FieldProblem[] = [];
    body.channelIds.forEach((id, i) => {
      if (!enabled.has(id)) problems.push(fieldProblem(`channelIds.${i}`, 'unknownChannel', { channel: id }));
    });
    if (problems.length > 0) throw invalidFields(problems);
    // Person channels reach only the people chosen; without a group channel, nobody chosen means nobody told.
    const group = body.channelIds.some((id) => enabled.get(id)!.addresses === 'none');
    if (!group && people.length === 0) throw invalidFields([fieldProblem('userIds', 'required')]);
  }

  return {
    /** The incident plan's templates filled with the incident's facts, with the channels and people to choose from. */
    async communications(rc: RequestContext, incidentId: string): Promise<PlanCommunications> {
      requirePermission(rc.actor, 'incidents:read');
      const incident = await visibleIncident(rc, incidentId);
      const { attached, key, document, steps } = await running(incidentId);
      const now = clock.now();
      const facts = await incidentMessageFacts(k, rc.actor, incident, document, steps, now);
      const onDuty = new Set(await onDutyNow(now));
      const roles = new Map<string, string[]>();
      const hold = (userId: string | null, role: string) => {
        if (userId === null) return;
        const held = roles.get(userId) ?? [];
        if (!held.includes(role)) held.push(role);
        roles.set(userId, held);
      };
      hold(incident.assigneeUserId, 'assignee');
      for (const s of steps) hold(s.assignee_user_id, s.role);
      for (const id of onDuty) if (!roles.has(id)) roles.set(id, []);
      const people = await names([...roles.keys()]);
      return {
        incidentId,
        planKey: key,
        planVersion: attached.plan_version,
        planTitle: document.title,
        templates: document.communications.map((t: CommunicationTemplate) => ({
          key: t.key,
          audience: t.audience,
          zh: fillTemplate(t, 'zh', facts.zh)!,
          en: fillTemplate(t, 'en', facts.en),
        })),
        channels: (await outbox.enabledChannels(k)).map((c) => ({ id: c.id, name: c.name, kind: c.kind, addresses: c.addresses })),
        people: [...roles].map(([userId, held]) => ({ userId, name: people.get(userId) ?? userId, onDuty: onDuty.has(userId), roles: held })),
      };
    },

    /**
     * Sends one template's text, as the sender edited it, to the chosen people and channels: through the outbox in
     * this transaction (delivered by the worker, retried, receipted), recorded, told on the timeline, audited.
     */
    async send(rc: RequestContext, incidentId: string, templateKey: string, body: SendMessageBody): Promise<PlanMessage> {
      requirePermission(rc.actor, 'incidents:write');
      const incident = await visibleIncident(rc, incidentId);
      if (incident.state === 'closed') throw new ConflictError('The incident is closed: its plan sends no more messages', 'INCIDENT_CLOSED');
      const { document } = await running(incidentId);
      const template = document.communications.find((t) => t.key === templateKey);
      if (!template) throw new NotFoundError('Communication template', templateKey);
      const subject = body.subject.trim();
      const text = body.body.trim();
      const empty = [...(subject === '' ? [fieldProblem('subject', 'required')] : []), ...(text === '' ? [fieldProblem('body', 'required')] : [])];
      if (empty.length > 0) throw invalidFields(empty);
      const now = clock.now();
      const people = await recipients(body, now);
      await channels(body, people);
      const site = await siteRecords.findById(k, incident.siteId);
      const id = newId();
      const row = await k.transaction().execute(async (trx) => {
        const created = await notices.enqueue(
          trx,
          {
            key: `plan-message:${id}`,
            incidentId,
            level: incident.level,
            siteId: incident.siteId,
            siteName: site?.name ?? null,
            locale: body.language === 'en' ? 'en' : 'zh-CN',
            subject,
            body: text,
            url: `${config.notify.publicUrl}/incidents/${encodeURIComponent(incidentId)}`,
            userIds: people,
            channelIds: body.channelIds,
          },
          now,
        );
        const row: PlanMessagesTable = {
          id,
          incident_id: incidentId,
          template_key: template.key,
          audience: template.audience,
          language: body.language,
          subject,
          body: text,
          recipients: JSON.stringify({ userIds: body.userIds, onDuty: body.onDuty, channelIds: body.channelIds }),
          user_ids: JSON.stringify(people),
          notification_ids: JSON.stringify(created.map((n) => n.id)),
          sent_by: rc.actor.userId,
          sent_by_name: rc.actor.username,
          sent_at: now,
        };
        await planMessagesRepository.insert(trx, row);
        await noteOnIncident(trx, events, rc, incidentId, 'plan_message_sent', { messageId: id, template: template.key, audience: template.audience, language: body.language, summary: subject, people: people.length, notifications: created.length }, now);
        // The words and addresses stay in plan_messages and the outbox: the audit record says what was sent to how many.
        await audit.append(trx, rc, {
          action: 'incident.plan_message',
          targetType: 'incident',
          targetId: incidentId,
          after: { messageId: id, template: template.key, language: body.language, people: people.length, channels: body.channelIds, notifications: created.length },
        });
        return row;
      });
      return (await views([row]))[0]!;
    },

    /** What the incident's plan sent, newest first, each with its delivery status. */
    async messages(rc: RequestContext, incidentId: string): Promise<{ items: PlanMessage[] }> {
      requirePermission(rc.actor, 'incidents:read');
      await visibleIncident(rc, incidentId);
      return { items: await views(await planMessagesRepository.ofIncident(k, incidentId)) };
    },
  };
}

export type PlanMessagesService = ReturnType<typeof createPlanMessagesService>;
