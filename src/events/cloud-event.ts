/**
 * CloudEvents 1.0 in structured content mode over HTTP (spec: cloudevents/spec
 * `cloudevents/bindings/http-protocol-binding.md` §3.1, `formats/json-format.md`):
 * the whole event is the JSON body, sent as `application/cloudevents+json`.
 */
import type { EventType } from './event-types.js';

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: EventType;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  /** Extension attribute: the team the event concerns, when there is one. */
  team?: string;
  data: unknown;
}

export interface CloudEventInput {
  id: string;
  type: EventType;
  subject: string | null;
  team: string | null;
  time: number;
  /** The event data as stored (JSON text), embedded without re-encoding. */
  data: string;
}

/** The request body for an event: the exact bytes that are signed and sent. */
export function cloudEventBody(event: CloudEventInput, source: string): Buffer {
  const envelope: Omit<CloudEvent, 'data'> = {
    specversion: '1.0',
    id: event.id,
    source,
    type: event.type,
    ...(event.subject === null ? {} : { subject: event.subject }),
    time: new Date(event.time).toISOString(),
    datacontenttype: 'application/json',
    ...(event.team === null ? {} : { team: event.team }),
  };
  const head = JSON.stringify(envelope);
  return Buffer.from(`${head.slice(0, -1)},"data":${event.data}}`, 'utf8');
}
