import type { Executor } from '../../../db/types.ts';
import type { IncidentAttachmentsTable } from '../incidents.tables.ts';

/** All SQL on incident_attachments and incident_attachment_chunks. An attachment's bytes are rows of `seq` 0, 1, 2… */
export const attachmentsRepository = {
  insert: (db: Executor, row: IncidentAttachmentsTable) => db.insertInto('incident_attachments').values(row).execute(),

  /** Its size and digest, known only once the last chunk is in. */
  complete: (db: Executor, id: string, size: number, sha256: string) => db.updateTable('incident_attachments').set({ size, sha256 }).where('id', '=', id).execute(),

  insertChunk: (db: Executor, attachmentId: string, seq: number, data: Buffer) => db.insertInto('incident_attachment_chunks').values({ attachment_id: attachmentId, seq, data }).execute(),

  /** One attachment of one incident (an attachment id under another incident is not found). */
  find: (db: Executor, incidentId: string, attachmentId: string): Promise<IncidentAttachmentsTable | undefined> =>
    db.selectFrom('incident_attachments').selectAll().where('id', '=', attachmentId).where('incident_id', '=', incidentId).executeTakeFirst(),

  /** One chunk's bytes, or undefined past the last. */
  chunk: async (db: Executor, attachmentId: string, seq: number): Promise<Buffer | undefined> =>
    (await db.selectFrom('incident_attachment_chunks').select('data').where('attachment_id', '=', attachmentId).where('seq', '=', seq).executeTakeFirst())?.data,

  countFor: async (db: Executor, incidentId: string): Promise<number> =>
    Number((await db.selectFrom('incident_attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('incident_id', '=', incidentId).executeTakeFirstOrThrow()).n),

  chunkCount: async (db: Executor, attachmentId: string): Promise<number> =>
    Number((await db.selectFrom('incident_attachment_chunks').select((eb) => eb.fn.countAll<number>().as('n')).where('attachment_id', '=', attachmentId).executeTakeFirstOrThrow()).n),
};
