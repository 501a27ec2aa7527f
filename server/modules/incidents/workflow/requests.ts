import type { Assignee, Level, WaitingReason } from './model.ts';

/**
 * What a person (or opsdesk itself) asks the workflow to do, one shape per kind. The HTTP schema of
 * `POST /incidents/{id}/transitions` is this union; the workflow checks the values again because jobs and the mail
 * intake call it without a schema in between.
 */
export type TransitionRequest =
  | { readonly kind: 'assign'; readonly assignee: Assignee }
  | { readonly kind: 'take' }
  | { readonly kind: 'reassign'; readonly assignee: Assignee; readonly reason?: string }
  | { readonly kind: 'acknowledge' }
  | { readonly kind: 'start_work' }
  | { readonly kind: 'check_in'; readonly location?: GeoLocation }
  | { readonly kind: 'wait'; readonly reason: WaitingReason; readonly note?: string }
  | { readonly kind: 'resume' }
  | { readonly kind: 'resolve'; readonly fix: string; readonly causeCategory: string }
  | { readonly kind: 'confirm'; readonly comment?: string }
  | { readonly kind: 'close' }
  | { readonly kind: 'auto_close' }
  | { readonly kind: 'reopen'; readonly reason: string }
  | { readonly kind: 'escalate'; readonly level: Level; readonly reason: string }
  | { readonly kind: 'declare_major'; readonly reason: string }
  | { readonly kind: 'communicate'; readonly message: string }
  | { readonly kind: 'record_review'; readonly summary: string };

export type RequestKind = TransitionRequest['kind'];
export type RequestOf<K extends RequestKind> = Extract<TransitionRequest, { kind: K }>;

/** Where a phone said it was at check-in (WGS 84, as browsers report it). */
export interface GeoLocation {
  readonly latitude: number;
  readonly longitude: number;
  readonly accuracyMeters?: number;
}

/** Longest free text kept in a request (fix, reasons, messages): a page of text, not a document. */
export const TEXT_LIMIT = 4000;
/** Longest identifier-like value (cause category key, user or team id). */
export const KEY_LIMIT = 64;
