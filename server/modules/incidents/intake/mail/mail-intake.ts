import type { Clock } from '../../../../clock.ts';
import type { Db } from '../../../../db/database.ts';
import type { Executor } from '../../../../db/types.ts';
import { DomainError } from '../../../../errors.ts';
import type { AuditLog } from '../../../audit/index.ts';
import { can, canSeeSite, loadUserActor, systemContext } from '../../../auth/index.ts';
import { siteRecords } from '../../../sites/index.ts';
import { userAccounts } from '../../../users/index.ts';
import type { AttachmentsService } from '../../attachments/attachments.ts';
import type { IncidentsService } from '../../incidents.service.ts';
import { DESCRIPTION_LIMIT, TITLE_LIMIT } from '../../incidents.schemas.ts';
import type { IncidentsTable } from '../../incidents.tables.ts';
import type { InboundAttachment, InboundMail } from './inbound-mail.ts';
import { mailIntakeRepository as repo } from './mail-intake.repository.ts';
import type { MailListenerLogger } from './mail-listener.ts';

/** Who acts for a mail: opsdesk itself (the sender is in each line's details; nobody signed in). */
const MAIL = systemContext('opsdesk-mail');
const REPORTER_NAME_LIMIT = 100;
const EMAIL_LIMIT = 254;

export interface MailIntakeDeps {
  db: Db;
  clock: Clock;
  incidents: IncidentsService;
  attachments: AttachmentsService;
  audit: AuditLog;
  log: MailListenerLogger;
  /** the code of the site new requests open at (config.mailIntake.site); null: they are deferred until it is set */
  site: string | null;
}

/** No site to open new requests at: the message is deferred (451), the relay keeps it and tries again. */
export class MailIntakeSiteError extends Error {
  constructor(site: string | null) {
    super(
      site === null
        ? 'OPSDESK_MAIL_INTAKE_SITE is not set: new requests by mail cannot be opened (the relay keeps them and retries)'
        : `OPSDESK_MAIL_INTAKE_SITE names no site ("${site}"): new requests by mail cannot be opened (the relay keeps them and retries)`,
    );
    this.name = 'MailIntakeSiteError';
  }
}

/** What was left out of a message: the listener's drops and files over the attachment limit. */
interface LeftOut {
  filename: string;
  size: number;
  reason: string;
}

/**
 * Incidents by e-mail (issue 11, C5.1): the listener's `onMessage`. A message quoting the number of an incident that
 * exists becomes a comment on it, with its files; a reply from the reporter of an incident waiting for the customer
 * resumes it ("opsdesk on a client's reply", the workflow README). Any other message opens an incident at the
 * configured site. The relay may deliver a message twice (it retries after a 451 or a lost answer): the Message-ID is
 * the key, kept as the new incident's source_ref and in the comment's and attachments' timeline lines, so a repeat adds
 * nothing. Whatever throws answers 451, and the relay tries again later.
 */
export function createMailIntake(deps: MailIntakeDeps): (mail: InboundMail) => Promise<void> {
  const { db, clock, incidents, attachments, audit, log } = deps;
  const k = db.kysely;
  /** deliveries of one message in progress on this node: a repeat waits for the first (it then finds it done) */
  const inProgress = new Map<string, Promise<void>>();

  /** The files that fit, as attachments inside `trx`; answers the incident as it now is. */
  async function attachAll(trx: Executor, row: IncidentsTable, mail: InboundMail, now: number): Promise<IncidentsTable> {
    let current = row;
    for (const file of keptFiles(mail, attachments.maxBytes)) {
      ({ incident: current } = await attachments.attachIn(trx, MAIL, current, { filename: file.filename, contentType: file.contentType, content: { path: file.path }, origin: 'email', details: { messageId: mail.messageId } }, now));
    }
    return current;
  }

  /** The new service function for replies: the comment line, the files, one audit record, in one transaction. */
  async function commentByMail(row: IncidentsTable, mail: InboundMail): Promise<void> {
    await k.transaction().execute(async (trx) => {
      const now = clock.now();
      const current = await incidents.visible(trx, MAIL, row.id);
      const leftOut = leftOutFiles(mail, attachments.maxBytes);
      const details = { messageId: mail.messageId, from: mail.from, subject: mail.subject, text: mail.text, ...(leftOut.length > 0 && { leftOut }) };
      await incidents.note(trx, MAIL, current, 'comment', details, now);
      await attachAll(trx, await incidents.visible(trx, MAIL, row.id), mail, now);
      await audit.append(trx, MAIL, { action: 'incident.comment', targetType: 'incident', targetId: row.id, after: { via: 'email', messageId: mail.messageId, from: mail.from.address, length: mail.text.length, attachments: mail.attachments.length } });
    });
  }

  /**
   * The reporter answered while the incident waits for them: it resumes. Asked again on a repeated delivery (the first
   * may have stopped between the comment and the resume), but only while the wait it answered is still the current
   * one — once someone set it waiting again after the reply, an old message resumes nothing.
   */
  async function resumeOnReply(incidentId: string, mail: InboundMail, repliedAt: number): Promise<void> {
    const row = await incidents.visible(k, MAIL, incidentId);
    if (row.state !== 'waiting' || row.waiting_reason !== 'customer') return;
    if (!row.reporter_email || row.reporter_email.toLowerCase() !== mail.from.address.toLowerCase()) return;
    const waitedAt = await repo.lastWaitAt(k, row.id);
    if (waitedAt !== null && waitedAt > repliedAt) return;
    try {
      await incidents.move(MAIL, row.id, { kind: 'resume' });
      log.info({ incidentId: row.id, messageId: mail.messageId }, 'mail intake: the reporter replied, the incident resumes');
    } catch (error) {
      // someone moved it meanwhile, or the workflow refuses: the comment is in, a person takes it from there
      if (!(error instanceof DomainError)) throw error;
      log.warn({ incidentId: row.id, messageId: mail.messageId, code: error.code }, 'mail intake: the reply could not resume the incident');
    }
  }

  async function reply(row: IncidentsTable, mail: InboundMail): Promise<void> {
    let repliedAt = await repo.messageLineAt(k, row.id, 'comment', mail.messageId);
    if (repliedAt === null) {
      await commentByMail(row, mail);
      repliedAt = (await repo.messageLineAt(k, row.id, 'comment', mail.messageId)) ?? clock.now();
      log.info({ incidentId: row.id, number: row.number, messageId: mail.messageId, attachments: mail.attachments.length }, 'mail intake: a reply became a comment');
    } else {
      log.info({ incidentId: row.id, messageId: mail.messageId }, 'mail intake: a repeated delivery of a reply, nothing added');
    }
    await resumeOnReply(row.id, mail, repliedAt);
  }

  async function siteId(): Promise<string> {
    const site = deps.site === null ? undefined : (await siteRecords.findByCodes(k, [deps.site]))[0];
    if (site) return site.id;
    const error = new MailIntakeSiteError(deps.site);
    log.error({ site: deps.site }, `mail intake: ${error.message}`);
    throw error;
  }

  /**
   * A new request. Opening is the incident service's own transaction; the files follow in a second one. A delivery
   * repeated after a failure between the two finds the incident by its Message-ID and stores the files then — once:
   * their timeline lines carry the Message-ID.
   */
  async function request(mail: InboundMail): Promise<void> {
    let row = await repo.byMessage(k, mail.messageId);
    if (!row) {
      const leftOut = leftOutFiles(mail, attachments.maxBytes);
      const opened = await incidents.open(MAIL, {
        title: titleOf(mail),
        description: descriptionOf(mail.text, leftOut),
        siteId: await siteId(),
        impact: 'medium',
        urgency: 'low',
        source: 'email',
        sourceRef: mail.messageId,
        ...(mail.from.address && mail.from.address.length <= EMAIL_LIMIT && { reporterEmail: mail.from.address }),
        ...(mail.from.name && { reporterName: mail.from.name.slice(0, REPORTER_NAME_LIMIT) }),
      });
      row = await incidents.visible(k, MAIL, opened.id);
      log.info({ incidentId: row.id, number: row.number, messageId: mail.messageId, attachments: mail.attachments.length }, 'mail intake: a new request opened an incident');
    } else {
      log.info({ incidentId: row.id, messageId: mail.messageId }, 'mail intake: a repeated delivery of a request');
    }
    if (keptFiles(mail, attachments.maxBytes).length === 0) return;
    if ((await repo.messageLineAt(k, row.id, 'attachment', mail.messageId)) !== null) return;
    const incidentId = row.id;
    await k.transaction().execute(async (trx) => attachAll(trx, await incidents.visible(trx, MAIL, incidentId), mail, clock.now()));
  }

  /**
   * Whether the sender may add to this incident: its reporter, or someone with an account who could comment on it in
   * the console (sees its site, may work on incidents or file them). Incident numbers are sequential, so a number in
   * a subject proves nothing; a stranger's message quoting one opens a request of its own, which names it in its title.
   */
  async function mayAddTo(row: IncidentsTable, address: string): Promise<boolean> {
    if (!address) return false;
    if (row.reporter_email?.toLowerCase() === address.toLowerCase()) return true;
    for (const userId of await userAccounts.activeIdsByEmail(k, address)) {
      const loaded = await loadUserActor(k, userId, 'system'); // only its permissions and sites are asked
      const actor = loaded?.actor;
      if (actor && canSeeSite(actor, row.site_id) && (can(actor, 'incidents:write') || can(actor, 'incidents:create'))) return true;
    }
    return false;
  }

  async function handle(mail: InboundMail): Promise<void> {
    const quoted = mail.incidentNumber === null ? undefined : await repo.byNumber(k, mail.incidentNumber);
    if (quoted && (await mayAddTo(quoted, mail.from.address))) return reply(quoted, mail);
    if (quoted) log.info({ incidentId: quoted.id, messageId: mail.messageId }, 'mail intake: a message quoting an incident from a sender who may not add to it opens a request of its own');
    await request(mail);
  }

  return async function onMessage(mail: InboundMail): Promise<void> {
    // a repeat arriving while the first delivery is still at work waits for it, then finds its work done
    for (let running = inProgress.get(mail.messageId); running; running = inProgress.get(mail.messageId)) await running.catch(() => undefined);
    const work = handle(mail);
    inProgress.set(mail.messageId, work);
    try {
      await work;
    } finally {
      inProgress.delete(mail.messageId);
    }
  };
}

/** The files kept: those within the attachment limit (the listener has already dropped what broke its own limits). */
function keptFiles(mail: InboundMail, maxBytes: number): InboundAttachment[] {
  return mail.attachments.filter((a) => a.size <= maxBytes);
}

function leftOutFiles(mail: InboundMail, maxBytes: number): LeftOut[] {
  return [
    ...mail.droppedAttachments.map((d) => ({ filename: d.filename, size: d.size, reason: d.reason })),
    ...mail.attachments.filter((a) => a.size > maxBytes).map((a) => ({ filename: a.filename, size: a.size, reason: 'attachmentTooLarge' })),
  ];
}

function titleOf(mail: InboundMail): string {
  const subject = mail.subject.trim();
  return (subject || `来自 ${mail.from.address || '未知发件人'} 的邮件（无主题）`).slice(0, TITLE_LIMIT);
}

/** The body, and a line naming the files that were not kept (the sender still has them). */
function descriptionOf(text: string, leftOut: LeftOut[]): string {
  const note = leftOut.length > 0 ? `\n\n[未保存的附件：${leftOut.map((f) => `${f.filename}（${f.size} 字节）`).join('、')}]` : '';
  return text.slice(0, DESCRIPTION_LIMIT - note.length) + note;
}
