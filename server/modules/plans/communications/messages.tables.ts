/** Kysely table interface of the plan messages (migration 2026-12-01-014-plan-messages). */

/** One message sent from a plan's communication template: what was said, to whom, by whom; never updated. */
// Type aliases, not interfaces: Kysely's withTables (messages.repository.ts) takes only index-compatible types.
export type PlanMessagesTable = {
  id: string;
  incident_id: string;
  /** the communication template's key in the plan version the incident runs */
  template_key: string;
  /** client | public | staff, the template's */
  audience: string;
  /** zh | en */
  language: string;
  subject: string;
  body: string;
  /** JSON { userIds, onDuty, channelIds }: what the sender chose */
  recipients: string;
  /** JSON string[]: the people it went to (chosen and on duty, resolved when sent) */
  user_ids: string;
  /** JSON string[]: the notify outbox rows it became (their receipts are its delivery status) */
  notification_ids: string;
  sent_by: string | null;
  sent_by_name: string;
  sent_at: number;
};

export type PlanMessagesTables = {
  plan_messages: PlanMessagesTable;
};
