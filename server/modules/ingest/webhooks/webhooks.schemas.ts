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
    alerts: Type.Array(Type.Unknown(), { maxItems: MAX_ALERTS_PER_NOTIFICATION, description: 'the alerts of the group; each becomes one event' }),
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
  id: Type.Union([Type.String(), Type.Null()], { description: 'the event id (derived from the alert, so a re-delivery has the same one)' }),
  status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate'), Type.Literal('rejected')]),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) })),
});

export const WebhookResponse = Type.Object({
  received: Type.Integer({ description: 'alerts in the payload' }),
  accepted: Type.Integer(),
  duplicates: Type.Integer({ description: 'already stored (a re-delivery, or unchanged alerts of a group)' }),
  rejected: Type.Integer(),
  results: Type.Array(ItemResult, { description: 'one per alert, in order' }),
});
