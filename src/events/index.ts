/**
 * Events: the transactional outbox and webhook delivery (CloudEvents 1.0 JSON,
 * HMAC-SHA256 signatures, retries with backoff, at-least-once).
 *
 * Producers append inside their own transaction and nudge the worker after commit:
 *   await db.transaction().execute(async (trx) => { …; await EventOutbox.append(trx, { type: 'image.approved', … }); });
 *   worker.notify();
 */
export { EVENT_TYPES, eventTypeSchema, isEventType, type EventType } from './event-types.js';
export { EventError, type EventErrorCode } from './errors.js';
export { EventOutbox, type NewEvent, type OutboxEvent } from './outbox.js';
export { listEvents, type EventPage, type EventQuery } from './event-log.js';
export { WebhookStore, type NewWebhook } from './webhook-store.js';
export type { WebhookSubscription } from './subscription.js';
export { DELIVERY_STATUSES, type DeliveryStatus } from './delivery-claims.js';
export type { DeliveryQuery, DeliveryRecord, DeliveryPage, DeliveryAttempt } from './delivery-log.js';
export { DeliveryWorker } from './delivery-worker.js';
export { systemTimers, silentLogger, type DeliveryWorkerOptions, type EventLogger, type Timers, type TimerHandle } from './worker-options.js';
export type { Clock } from './clock.js';
export { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff.js';
export { CLOUDEVENTS_CONTENT_TYPE, cloudEventBody, type CloudEvent } from './cloud-event.js';
export { SIGNATURE_HEADER, signBody, verifySignature } from './signature.js';
