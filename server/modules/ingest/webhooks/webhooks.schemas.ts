import { Type } from '@sinclair/typebox';

/** Alerts per notification at most (Alertmanager's max_alerts is unlimited by default; a group this big is a storm). */
export const MAX_ALERTS_PER_NOTIFICATION = 10_000;

/**
 * Only the outer shape is checked here, and loosely: senders add fields in newer versions (truncatedAlerts,
 * notification_reason, routeLabels…) and those must pass. Each alert is checked by the mapping, one by one.
 */
export const AlertmanagerWebhookBody = Type.Object(
  {
    version: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Number()], { description: 'payload version; "4" (or absent) is accepted' })),
    status: Type.Optional(Type.String({ maxLength: 20 })),
    receiver: Type.Optional(Type.String({ maxLength: 1000 })),
    alerts: Type.Array(Type.Unknown(), { maxItems: MAX_ALERTS_PER_NOTIFICATION, description: 'the alerts of the group; each raises, refreshes or resolves one opsdesk alert' }),
  },
  { additionalProperties: true, description: 'Prometheus Alertmanager webhook payload (version 4)' },
);

export const GrafanaWebhookBody = Type.Object(
  {
    version: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Number()], { description: 'unified alerting sends "1"' })),
    alerts: Type.Optional(Type.Array(Type.Unknown(), { maxItems: MAX_ALERTS_PER_NOTIFICATION, description: 'unified alerting: the alerts of the group' })),
    evalMatches: Type.Optional(Type.Array(Type.Unknown(), { maxItems: MAX_ALERTS_PER_NOTIFICATION, description: 'legacy alerting: the series that matched' })),
  },
  { additionalProperties: true, description: 'Grafana unified alerting webhook, or the legacy alert webhook (ruleId, state, evalMatches)' },
);

const ItemResult = Type.Object({
  index: Type.Integer({ description: 'position of the alert in the payload' }),
  id: Type.Union([Type.String(), Type.Null()], { description: 'the opsdesk alert it raised, refreshed or resolved (a repeat names the same one); null when rejected or when there was nothing to resolve' }),
  status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate'), Type.Literal('rejected')], {
    description: 'accepted: raised a new alert or resolved an open one; duplicate: opsdesk knew it already (a repeat of an open alert, a resolution of an alert that is not open); rejected: unusable',
  }),
  outcome: Type.Union([Type.Literal('raised'), Type.Literal('refreshed'), Type.Literal('resolved'), Type.Literal('ignored'), Type.Literal('rejected')], {
    description: 'raised, resolved (accepted); refreshed: a repeat of an open alert, its annotations brought up to date and its state (acknowledged) kept; ignored: a resolution of an alert that is not open, or a notice about an earlier occurrence than the open one (duplicates); rejected',
  }),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }, { description: 'why it was rejected or ignored' })),
});

export const WebhookResponse = Type.Object({
  received: Type.Integer({ description: 'alerts in the payload' }),
  accepted: Type.Integer({ description: 'alerts raised or resolved' }),
  duplicates: Type.Integer({ description: 'known already: repeats of open alerts (every group notification repeats its alerts), resolutions of alerts that are not open' }),
  rejected: Type.Integer(),
  results: Type.Array(ItemResult, { description: 'one per alert, in order' }),
});
