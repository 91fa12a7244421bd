/**
 * Tables of the events part (migration 0005-events): the transactional outbox,
 * webhook subscriptions, one delivery per subscription × event, and the log of
 * every delivery attempt. Times are milliseconds since the epoch.
 */
export interface EventTables {
  outboxEvents: OutboxEventsTable;
  webhookSubscriptions: WebhookSubscriptionsTable;
  webhookDeliveries: WebhookDeliveriesTable;
  webhookDeliveryAttempts: WebhookDeliveryAttemptsTable;
}

/** One event, written in the same transaction as the state change it reports. */
export interface OutboxEventsTable {
  /** The CloudEvents `id`; retries of a delivery carry the same one. */
  id: string;
  /** One of the events part's EVENT_TYPES (`image.approved`, …). */
  type: string;
  /** The CloudEvents `subject`, e.g. `payments/api@sha256:…`. */
  subject: string | null;
  /** The team the event concerns; null for organisation-wide events. */
  team: string | null;
  time: number;
  /** JSON of the event's `data`. */
  data: string;
  /** Set when the fan-out created this event's deliveries; null while it waits. */
  dispatchedAt: number | null;
}

export interface WebhookSubscriptionsTable {
  id: string;
  url: string;
  /** HMAC-SHA256 key for X-Airlock-Signature; kept readable because signing needs it. */
  secret: string;
  /** JSON string[] of event types; [] means every type. */
  eventTypes: string;
  /** JSON string[] of team names; [] means every team (and organisation-wide events). */
  teams: string;
  createdBy: string;
  createdAt: number;
  /** Null while active; a deactivated subscription gets no new deliveries and none are attempted. */
  deactivatedAt: number | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhookId: string;
  eventId: string;
  /** pending (never tried), failed (last try failed, retry scheduled), delivered, dead (gave up). */
  status: string;
  attempts: number;
  /** When the next try is due; while a worker holds the delivery, the end of its lease. Null once final. */
  nextAttemptAt: number | null;
  /** Random token of the worker claim holding the delivery; results of a stale claim are ignored. */
  claimToken: string | null;
  lastAttemptAt: number | null;
  lastResponseStatus: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  createdAt: number;
  updatedAt: number;
  deliveredAt: number | null;
}

/** One HTTP request of a delivery and what came of it. */
export interface WebhookDeliveryAttemptsTable {
  id: string;
  deliveryId: string;
  /** 1 for the first try. */
  attempt: number;
  startedAt: number;
  durationMs: number;
  /** The receiver's HTTP status; null when no response arrived (refused, timed out). */
  responseStatus: number | null;
  error: string | null;
}
