/**
 * The notify module's public surface (SPEC C4.1, C4.4, C4.5): notification channels, the durable outbox and its
 * deliverer, receipts, people's contact methods and preferences, acknowledging by link or SMS reply. Escalation
 * (oncall) decides who is paged when and hands the outbox its orders.
 */
export type { NotifyTables } from './notify.tables.ts';
export type { NotifyCore } from './notify.core.ts';
export type { NotifyOrder, Outbox } from './outbox/outbox.ts';
export type { EnabledChannel, IncidentNoticeOrder } from './outbox/incident-notices.ts';
export { INCIDENT_NOTICES, type IncidentClock, type IncidentNotice } from './outbox/incident-message.ts';
export type { ChannelPlugin, ChannelMessage, ChannelRecipient } from './channels/channel.ts';
export { createNotifyOutbox } from './notify.core.ts';
/** Notices whose words a person wrote (a plan's communication template, filled and edited), and how they fared. */
export { createWrittenNotices, type WrittenNoticeOrder, type WrittenNotices } from './outbox/written-notices.ts';
/** Written notices about something that is neither an alert nor an incident (a drill starting). */
export { noticeGroupKey, type NoticeOrder, type NoticeWords } from './outbox/written-notices.ts';
export { incidentReceipts, noticeReceipts, receiptView, type NoticeReceipt } from './outbox/notice-receipts.ts';
export { Receipt, ReceiptPage } from './notify.schemas.ts';
