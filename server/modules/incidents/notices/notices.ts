import type { Executor } from '../../../db/types.ts';
import { sha256Hex } from '../../../lib/hash.ts';
import type { ModuleContext } from '../../../module.ts';
import { ADMIN_ROLE_ID, effectivePermissions, type Permission } from '../../auth/index.ts';
import { createNotifyOutbox, type EnabledChannel, type IncidentNotice, type IncidentNoticeOrder } from '../../notify/index.ts';
import { firstStepTargets } from '../../oncall/index.ts';
import { roleRecords } from '../../roles/index.ts';
import type { IncidentsTable } from '../incidents.tables.ts';
import { formatIncidentNumber } from '../intake/mail/incident-number.ts';
import type { TimelineEntry } from '../workflow/apply.ts';
import type { SlaClock } from '../workflow/model.ts';
import { noticesRepository } from './notices.repository.ts';

/**
 * Telling people about an incident through the paging channels (SPEC C5.3, C5.8), inside the transaction of the move
 * or the SLA sweep that gives the reason, so the notice and its reason commit together — and a replay, with the same
 * key, adds nothing. The timeline line is the caller's (the communicate entry, the sla_warning / sla_breach note); this
 * only enqueues.
 *
 * - A request by e-mail taken in: its number, back to the sender's address, so that their replies reach it.
 * - An update to the client (communicate) and the resolution (resolve): e-mail to the reporter's address and to the
 *   client's people — active users whose roles grant incidents:confirm (not the administrator's "everything") on the
 *   incident's site — over the enabled e-mail channels, and the console for those users.
 * - An SLA warning: the assignee (the user, or each member of the team) on every channel that reaches a person; an
 *   incident nobody holds yet goes to its site's dispatchers (incidents:assign), whose move it is.
 * - An SLA breach: the first step of the first enabled escalation policy whose levels, sites and subsystems cover the
 *   incident, on the step's channels; without one (or when its step finds nobody), the assignee and the site's
 *   dispatchers on every channel that reaches a person.
 */
export interface IncidentNotifier {
  onTransition(trx: Executor, incident: IncidentsTable, entry: TimelineEntry, now: number): Promise<void>;
  onSla(trx: Executor, incident: IncidentsTable, clock: SlaClock, notice: 'warning' | 'breach', dueAt: number, now: number): Promise<void>;
  /** A request by e-mail taken in: its number, to the sender's address (over the e-mail channels) alone. */
  onReceived(trx: Executor, incident: IncidentsTable, now: number): Promise<void>;
  /** The satisfaction survey's link, to the client's people and the reporter: its only copy leaves opsdesk here. */
  onSurvey(trx: Executor, incident: IncidentsTable, url: string, now: number): Promise<void>;
}

/** Channels that reach one person at a time: e-mail, SMS, the console (not group robots and webhooks). */
const reachesPeople = (c: EnabledChannel) => c.addresses !== 'none';
const ids = (channels: readonly EnabledChannel[]) => channels.map((c) => c.id);

export function createIncidentNotifier(ctx: ModuleContext): IncidentNotifier {
  const { outbox } = createNotifyOutbox(ctx);

  /** Active users on the incident's site whose roles grant the permission (the admin role counted only if asked). */
  async function holders(db: Executor, permission: Permission, siteId: string, withAdministrators: boolean): Promise<string[]> {
    const roles = (await roleRecords.all(db)).filter((r) => (withAdministrators || r.id !== ADMIN_ROLE_ID) && effectivePermissions([r]).has(permission));
    return noticesRepository.usersInRolesOnSite(db, roles.map((r) => r.id), siteId);
  }

  async function assignees(db: Executor, incident: IncidentsTable): Promise<string[]> {
    if (incident.assignee_user_id) return [incident.assignee_user_id];
    if (incident.assignee_team_id) return noticesRepository.teamMembers(db, incident.assignee_team_id);
    return [];
  }

  function order(incident: IncidentsTable, key: string, notice: IncidentNotice, to: Pick<IncidentNoticeOrder, 'userIds' | 'emails' | 'channelIds'>, extra: Partial<IncidentNoticeOrder> = {}): IncidentNoticeOrder {
    return {
      key: `incident:${incident.id}:${key}`,
      kind: 'incident',
      incidentId: incident.id,
      ref: formatIncidentNumber(incident.number),
      level: incident.level,
      siteId: incident.site_id,
      title: incident.title,
      notice,
      ...to,
      ...extra,
    };
  }

  /** The client: their people on the incident's site and the reporter's address, by e-mail and in the console. */
  async function theClient(trx: Executor, incident: IncidentsTable): Promise<Pick<IncidentNoticeOrder, 'userIds' | 'emails' | 'channelIds'>> {
    const channels = await outbox.enabledChannels(trx);
    return {
      userIds: await holders(trx, 'incidents:confirm', incident.site_id, false),
      emails: incident.reporter_email ? [incident.reporter_email] : [],
      channelIds: ids(channels.filter((c) => c.addresses === 'email' || c.addresses === 'user')),
    };
  }

  /** Enqueues the notice unless it has nobody to tell or no channel to tell them on. */
  async function send(trx: Executor, o: IncidentNoticeOrder, now: number): Promise<void> {
    if (o.channelIds.length === 0 || (o.userIds.length === 0 && o.emails.length === 0)) return;
    await outbox.enqueueIncidentNotice(trx, o, now);
  }

  return {
    async onTransition(trx, incident, entry, now) {
      const notice: IncidentNotice | null = entry.kind === 'communicate' ? 'update' : entry.kind === 'resolve' ? 'resolved' : null;
      if (!notice) return;
      const text = String((notice === 'update' ? entry.details.message : entry.details.fix) ?? '');
      const { userIds, emails, channelIds } = await theClient(trx, incident);
      // The entry's instant and words name it: the same move handed over twice (a retried transaction) adds nothing.
      const key = `${entry.kind}:${entry.at}:${sha256Hex(text).slice(0, 16)}`;
      await send(trx, order(incident, key, notice, { userIds, emails, channelIds }, text ? { message: text } : {}), now);
    },

    async onReceived(trx, incident, now) {
      if (!incident.reporter_email) return;
      const channels = (await outbox.enabledChannels(trx)).filter((c) => c.addresses === 'email');
      await send(trx, order(incident, 'received', 'received', { userIds: [], emails: [incident.reporter_email], channelIds: ids(channels) }), now);
    },

    async onSurvey(trx, incident, url, now) {
      await send(trx, order(incident, `survey:${sha256Hex(url).slice(0, 16)}`, 'survey', await theClient(trx, incident), { url }), now);
    },

    async onSla(trx, incident, clock, notice, dueAt, now) {
      const channels = await outbox.enabledChannels(trx);
      const personal = ids(channels.filter(reachesPeople));
      const key = `sla:${clock}:${notice}:${dueAt}`;
      const sla = { clock, dueAt };
      if (notice === 'warning') {
        const assigned = await assignees(trx, incident);
        const userIds = assigned.length > 0 ? assigned : await holders(trx, 'incidents:assign', incident.site_id, true);
        await send(trx, order(incident, key, 'sla_warning', { userIds, emails: [], channelIds: personal }, sla), now);
        return;
      }
      const step = await firstStepTargets(trx, { level: incident.level, siteId: incident.site_id, subsystem: incident.subsystem }, now);
      if (step && step.userIds.length > 0) {
        await send(trx, order(incident, key, 'sla_breach', { userIds: step.userIds, emails: [], channelIds: step.channelIds }, sla), now);
        return;
      }
      const userIds = [...new Set([...(await assignees(trx, incident)), ...(await holders(trx, 'incidents:assign', incident.site_id, true))])];
      await send(trx, order(incident, key, 'sla_breach', { userIds, emails: [], channelIds: personal }, sla), now);
    },
  };
}
