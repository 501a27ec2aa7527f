import type { Migration } from 'kysely';
import * as foundation from './2026-11-29-001-foundation.ts';
import * as estateTelemetry from './2026-11-29-002-estate-telemetry.ts';
import * as healthReasons from './2026-11-30-003-health-reasons.ts';
import * as workerLanes from './2026-11-30-004-worker-lanes.ts';
import * as domainEvents from './2026-11-30-005-domain-events.ts';
import * as alerting from './2026-11-30-006-alerting.ts';
import * as paging from './2026-11-30-007-paging.ts';
import * as incidents from './2026-11-30-008-incidents.ts';
import * as knowledgeBase from './2026-12-01-009-knowledge-base.ts';
import * as plans from './2026-12-01-010-plans.ts';
import * as backfill from './2026-12-01-011-backfill.ts';
import * as incidentListIndex from './2026-12-01-012-incident-list-index.ts';
import * as drills from './2026-12-01-013-drills.ts';
import * as planMessages from './2026-12-01-014-plan-messages.ts';
import * as recon from './2026-12-01-015-recon.ts';
import * as domainEventsTypeIndex from './2026-12-01-017-domain-events-type-index.ts';
import * as reconProposals from './2026-12-01-018-recon-proposals.ts';
import * as reconColumnMappings from './2026-12-01-019-recon-column-mappings.ts';
import * as notificationIncident from './2026-12-01-020-notification-incident.ts';

/**
 * Every migration, in order. Names are dated so they sort; a shipped migration is frozen (see frozen.json and
 * migrations.test.ts). Listed explicitly rather than read from disk so that it works the same under tsx and bundlers.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-29-001-foundation': foundation,
  '2026-11-29-002-estate-telemetry': estateTelemetry,
  '2026-11-30-003-health-reasons': healthReasons,
  '2026-11-30-004-worker-lanes': workerLanes,
  '2026-11-30-005-domain-events': domainEvents,
  '2026-11-30-006-alerting': alerting,
  '2026-11-30-007-paging': paging,
  '2026-11-30-008-incidents': incidents,
  '2026-12-01-009-knowledge-base': knowledgeBase,
  '2026-12-01-010-plans': plans,
  '2026-12-01-011-backfill': backfill,
  '2026-12-01-012-incident-list-index': incidentListIndex,
  '2026-12-01-013-drills': drills,
  '2026-12-01-014-plan-messages': planMessages,
  '2026-12-01-015-recon': recon,
  '2026-12-01-017-domain-events-type-index': domainEventsTypeIndex,
  '2026-12-01-018-recon-proposals': reconProposals,
  '2026-12-01-019-recon-column-mappings': reconColumnMappings,
  '2026-12-01-020-notification-incident': notificationIncident,
};
