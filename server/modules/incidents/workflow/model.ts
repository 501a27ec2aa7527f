import type { Permission } from '../../auth/index.ts';

/**
 * What the workflow knows about an incident: its state and the few facts its guards read. The service loads this
 * from the incident's row and writes back what `applyTransition` returns; nothing here touches the database.
 * Instants are epoch milliseconds (UTC), as everywhere in opsdesk.
 */

export const INCIDENT_STATES = ['new', 'assigned', 'acknowledged', 'in_progress', 'waiting', 'resolved', 'confirmed', 'closed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** Someone is still working on it (or should be): escalation, the major flag and customer updates apply. */
export const OPEN_STATES = ['new', 'assigned', 'acknowledged', 'in_progress', 'waiting'] as const satisfies readonly IncidentState[];

/** Why an incident waits. Whether the SLA clocks pause for a reason is policy (`WorkflowPolicy.pausingWaitReasons`). */
export const WAITING_REASONS = ['customer', 'parts', 'third_party'] as const;
export type WaitingReason = (typeof WAITING_REASONS)[number];

/** 一级 (most severe) / 二级 / 三级, as the seeds and the alerts grade. */
export const LEVELS = [1, 2, 3] as const;
export type Level = (typeof LEVELS)[number];

/** The contract's three targets (SPEC C5.3): respond, arrive on site, resolve. */
export const SLA_CLOCKS = ['respond', 'on_site', 'resolve'] as const;
export type SlaClock = (typeof SLA_CLOCKS)[number];
export type ClockStatus = 'running' | 'paused' | 'stopped';

export const INCIDENT_PERMISSIONS = ['incidents:write', 'incidents:assign', 'incidents:confirm'] as const satisfies readonly Permission[];
export type IncidentPermission = (typeof INCIDENT_PERMISSIONS)[number];

/** An engineer, or a team whose members may act as the assignee (the service knows who is in which team). */
export type Assignee = { readonly kind: 'user'; readonly userId: string } | { readonly kind: 'team'; readonly teamId: string };

export interface Resolution {
  readonly fix: string;
  readonly causeCategory: string;
  readonly resolvedAt: number;
  /** null when opsdesk itself resolved it (never today; kept so a confirmation can be told from the fix's author) */
  readonly resolvedBy: string | null;
}

export interface MajorIncident {
  readonly declaredAt: number;
  readonly reason: string;
  /** the last update to the client; the next is due `communicationEveryMinutes` after it (or after the declaration) */
  readonly lastCommunicationAt: number | null;
}

export interface PostIncidentReview {
  readonly summary: string;
  readonly at: number;
  readonly by: string | null;
}

export interface WorkflowIncident {
  readonly state: IncidentState;
  readonly level: Level;
  readonly siteId: string;
  readonly assignee: Assignee | null;
  /** set exactly while the state is waiting */
  readonly waitingReason: WaitingReason | null;
  readonly clocks: Readonly<Record<SlaClock, ClockStatus>>;
  /** set from resolution until a reopen */
  readonly resolution: Resolution | null;
  readonly confirmedAt: number | null;
  readonly confirmedBy: string | null;
  readonly closedAt: number | null;
  /** how it was closed: after the client's confirmation, or by opsdesk when nobody confirmed in time */
  readonly closedHow: 'confirmed' | 'auto' | null;
  readonly firstCheckInAt: number | null;
  /** a reopened incident is not a first-time fix (the seeds' 一次性解决率) */
  readonly reopenCount: number;
  readonly major: MajorIncident | null;
  readonly review: PostIncidentReview | null;
}

/**
 * Who asks. auth's `Actor` fits as it is; `teamIds` (the teams the person belongs to) lets a team member act on an
 * incident assigned to the team, and is filled in by the service.
 */
export interface WorkflowActor {
  readonly kind: 'user' | 'system';
  readonly userId: string | null;
  readonly username: string;
  readonly permissions: ReadonlySet<Permission>;
  /** null: every site */
  readonly siteIds: readonly string[] | null;
  readonly teamIds?: readonly string[];
}
