import path from 'node:path';
import type { Readable } from 'node:stream';
import { toIso } from '../../../clock.ts';
import type { Executor } from '../../../db/types.ts';
import { NotFoundError } from '../../../errors.ts';
import { newId } from '../../../ids.ts';
import type { ModuleContext } from '../../../module.ts';
import { requirePermission, type RequestContext } from '../../auth/index.ts';
import type { IncidentsService } from '../incidents.service.ts';
import { requireTimelineAccess } from '../timeline-access.ts';
import type { IncidentAttachmentsTable, IncidentsTable } from '../incidents.tables.ts';
import { safeFilename } from '../intake/mail/mail-text.ts';
import { attachmentStream, spoolUpload, storeAttachment, storedContentType, type AttachmentSource } from './attachment-store.ts';
import { attachmentsRepository } from './attachments.repository.ts';
import type { AttachmentView } from './attachments.schemas.ts';

/** One file to attach: its name and declared type as the sender gave them, and where its bytes are. */
export interface AttachmentFile {
  filename: string;
  contentType: string | null | undefined;
  content: AttachmentSource;
  origin: IncidentAttachmentsTable['source'];
  /** more for the timeline line (the mail intake adds the message's id) */
  details?: Record<string, unknown>;
}

export const toAttachmentView = (a: IncidentAttachmentsTable): AttachmentView => ({
  id: a.id,
  filename: a.filename,
  contentType: a.content_type,
  size: a.size,
  sha256: a.sha256,
  source: a.source,
  createdAt: toIso(a.created_at),
});

/**
 * Attachments of incidents (issue 11: a photo from the engineer's phone, the client's screenshot, a mail's files): on
 * the timeline with who and when, one audit record each, the bytes in the database (attachment-store.ts). Who may
 * attach is who may comment: incidents:write, or the client (incidents:create / incidents:confirm) on an incident of
 * their own sites — an incident the caller cannot see is not found.
 */
export function createAttachmentsService(ctx: ModuleContext, deps: { incidents: IncidentsService }) {
  const { db, clock, audit, config } = ctx;
  const k = db.kysely;
  const { incidents } = deps;
  const maxBytes = config.incidents.attachmentMaxBytes;
  const spoolDir = path.join(config.dataDir, 'tmp', 'attachments');

  /**
   * Stores one file on an incident inside the caller's transaction, with its timeline line and audit record; answers
   * the attachment and the incident as it now is (the line moved its version). A file over the limit throws 413.
   */
  async function attachIn(trx: Executor, rc: RequestContext, row: IncidentsTable, file: AttachmentFile, at: number): Promise<{ attachment: IncidentAttachmentsTable; incident: IncidentsTable }> {
    const attachment = await storeAttachment(
      trx,
      { id: newId(), incident_id: row.id, filename: safeFilename(file.filename, 1), content_type: storedContentType(file.contentType), source: file.origin, created_by: rc.actor.userId, created_at: at },
      file.content,
      maxBytes,
    );
    await incidents.note(trx, rc, row, 'attachment', { attachmentId: attachment.id, filename: attachment.filename, size: attachment.size, ...file.details }, at);
    await audit.append(trx, rc, {
      action: 'incident.attach',
      targetType: 'incident',
      targetId: row.id,
      after: { attachmentId: attachment.id, filename: attachment.filename, size: attachment.size, sha256: attachment.sha256, source: attachment.source },
    });
    return { attachment, incident: await incidents.visible(trx, rc, row.id) };
  }

  return {
    /** one attachment's largest size (config.incidents.attachmentMaxBytes) */
    maxBytes,

    /**
     * An upload: permission and visibility are checked before a byte is read; the body is copied to a private
     * temporary file within the limit (413 past it, nothing kept), then stored in one transaction with its line and
     * audit record, so the transaction never waits for a slow client.
     */
    async upload(rc: RequestContext, incidentId: string, file: { filename: string; contentType?: string | null }, stream: Readable): Promise<AttachmentView> {
      requireTimelineAccess(rc);
      await incidents.visible(k, rc, incidentId);
      const spooled = await spoolUpload(stream, spoolDir, maxBytes);
      try {
        const { attachment } = await k.transaction().execute(async (trx) => {
          const row = await incidents.visible(trx, rc, incidentId);
          return attachIn(trx, rc, row, { filename: file.filename, contentType: file.contentType, content: { path: spooled.path }, origin: 'upload' }, clock.now());
        });
        return toAttachmentView(attachment);
      } finally {
        await spooled.remove();
      }
    },

    /** One attachment's record and its bytes as a stream read one chunk at a time (404 for an incident not visible). */
    async download(rc: RequestContext, incidentId: string, attachmentId: string): Promise<{ meta: IncidentAttachmentsTable; stream: Readable }> {
      requirePermission(rc.actor, 'incidents:read');
      await incidents.visible(k, rc, incidentId);
      const meta = await attachmentsRepository.find(k, incidentId, attachmentId);
      if (!meta) throw new NotFoundError('Attachment', attachmentId);
      return { meta, stream: attachmentStream(k, meta) };
    },

    /** For intake (mail): a file attached inside the caller's transaction, by whoever `rc` is (opsdesk itself). */
    attachIn,
  };
}

export type AttachmentsService = ReturnType<typeof createAttachmentsService>;
