/**
 * The event types Airlock publishes, exactly as they appear in a CloudEvent's
 * `type`. One list, so subscriptions, the outbox and the API agree on the names.
 */
import { z } from 'zod';

export const EVENT_TYPES = [
  'image.received',
  'scan.started',
  'scan.completed',
  'image.approved',
  'image.rejected',
  'image.at-risk',
  'image.revoked',
  'vulnerability.discovered',
  'exception.created',
  'exception.expired',
  'exception.revoked',
  'policy.changed',
  'mirror.synced',
  'mirror.sync-failed',
  'mirror.update-available',
  'mirror.updated',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export const eventTypeSchema = z.enum(EVENT_TYPES);

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}
