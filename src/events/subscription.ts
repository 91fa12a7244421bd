/** A webhook subscription as the rest of Airlock sees it (never with its secret), and its filter. */
import type { Selectable } from 'kysely';
import type { Database } from '../db/index.js';
import { isEventType, type EventType } from './event-types.js';

export type SubscriptionRow = Selectable<Database['webhookSubscriptions']>;

export interface WebhookSubscription {
  id: string;
  url: string;
  /** Types delivered; empty means every type. */
  eventTypes: EventType[];
  /** Teams whose events are delivered; empty means every team and organisation-wide events. */
  teams: string[];
  active: boolean;
  createdBy: string;
  createdAt: number;
  deactivatedAt: number | null;
}

export function toSubscription(row: SubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    eventTypes: stringList(row.eventTypes).filter(isEventType),
    teams: stringList(row.teams),
    active: row.deactivatedAt === null,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    deactivatedAt: row.deactivatedAt,
  };
}

/**
 * Whether a subscription wants an event. A team filter admits only events of
 * those teams: an organisation-wide event (no team) goes to unfiltered subscriptions only.
 */
export function wantsEvent(subscription: Pick<WebhookSubscription, 'active' | 'eventTypes' | 'teams'>, event: { type: string; team: string | null }): boolean {
  if (!subscription.active) return false;
  if (subscription.eventTypes.length > 0 && !subscription.eventTypes.some((type) => type === event.type)) return false;
  if (subscription.teams.length > 0 && (event.team === null || !subscription.teams.includes(event.team))) return false;
  return true;
}

function stringList(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
