import { toIso, toIsoOrNull } from '../../../clock.ts';
import type { Executor } from '../../../db/types.ts';
import { cursorPage, type CursorPage, type ListRequest } from '../../../http/cursor.ts';
import { NOTIFICATIONS_ORDER, notificationsRepository } from '../notify.repository.ts';
import type { Receipt } from '../notify.schemas.ts';
import type { NotificationsTable, NotificationState } from '../notify.tables.ts';

/**
 * How notifications another module enqueued fared (a plan's message: "what was sent", with delivery status), by id:
 * the receipt as the notifications list shows it, without the message. A row folded into a digest reports the digest's
 * fate (its hand-over is the digest's), marked `folded`. The address is personal: callers declare it as such in their
 * response schema, so it is masked on the way out.
 */
export interface NoticeReceipt {
  id: string;
  state: NotificationState;
  folded: boolean;
  channelId: string;
  channelName: string | null;
  channelKind: string;
  /** the person told; null for a group robot or webhook */
  userId: string | null;
  userName: string | null;
  /** the e-mail address or phone number it went to (personal) */
  address: string | null;
  attempts: number;
  /** why it failed or was skipped (no-address, preferences, quiet-hours, the vendor's answer) */
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  deliveredAt: number | null;
  failedAt: number | null;
}

/** Ids per query: well inside SQLite's and PostgreSQL's limits on bound parameters, however many are asked for. */
const CHUNK = 500;

type RowWithNames = NotificationsTable & { channel_name?: string | null; user_name?: string | null };

export async function noticeReceipts(db: Executor, ids: readonly string[]): Promise<NoticeReceipt[]> {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  const rows: RowWithNames[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    rows.push(...(await notificationsRepository.withNames(db).where('notifications.id', 'in', unique.slice(i, i + CHUNK)).execute()));
  }
  const order = new Map(ids.map((id, i) => [id, i]));
  return (await receiptsOf(db, rows)).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

/**
 * Who was told about an incident (its notices and a plan's written messages), newest first, a page at a time. The
 * caller has checked that the reader may see the incident: every notification about it is shown, masked.
 */
export async function incidentReceipts(db: Executor, incidentId: string, request: ListRequest): Promise<CursorPage<Receipt>> {
  return cursorPage(
    NOTIFICATIONS_ORDER,
    request,
    (page) => notificationsRepository.list(db, { onlySiteIds: null, incidentId }, page),
    async (rows) => (await receiptsOf(db, rows)).map(receiptView),
  );
}

/** A receipt as the API answers it (Receipt in notify.schemas.ts): the address as e-mail or phone, which are masked. */
export function receiptView(x: NoticeReceipt): Receipt {
  return {
    id: x.id,
    state: x.state,
    folded: x.folded,
    channelId: x.channelId,
    channelName: x.channelName,
    channelKind: x.channelKind,
    userId: x.userId,
    userName: x.userName,
    email: x.channelKind === 'email' ? x.address : null,
    phone: x.channelKind !== 'email' ? x.address : null,
    attempts: x.attempts,
    lastError: x.lastError,
    createdAt: toIso(x.createdAt),
    sentAt: toIsoOrNull(x.sentAt),
    deliveredAt: toIsoOrNull(x.deliveredAt),
    failedAt: toIsoOrNull(x.failedAt),
  };
}

/** Rows as receipts, a folded row reporting its digest's fate. */
async function receiptsOf(db: Executor, rows: readonly RowWithNames[]): Promise<NoticeReceipt[]> {
  const digestIds = [...new Set(rows.flatMap((r) => (r.state === 'folded' && r.digest_id ? [r.digest_id] : [])))];
  const digests = new Map<string, NotificationsTable>();
  for (let i = 0; i < digestIds.length; i += CHUNK) for (const d of await notificationsRepository.findByIds(db, digestIds.slice(i, i + CHUNK))) digests.set(d.id, d);
  return rows.map((r) => {
    const fate = r.state === 'folded' && r.digest_id ? (digests.get(r.digest_id) ?? r) : r;
    return {
      id: r.id,
      state: fate.state,
      folded: r.state === 'folded',
      channelId: r.channel_id,
      channelName: r.channel_name ?? null,
      channelKind: r.channel_kind,
      userId: r.user_id,
      userName: r.user_name ?? null,
      address: r.address,
      attempts: fate.attempts,
      lastError: fate.last_error,
      createdAt: r.created_at,
      sentAt: fate.sent_at,
      deliveredAt: fate.delivered_at,
      failedAt: fate.failed_at,
    };
  });
}
