/** /events (routes/events.ts): the outbox as an event log. */
import { EVENT_TYPES } from '../../../events/index.js';
import type { Paths } from '../openapi-types.js';
import { array, authed, enumOf, epochMs, errors, integer, json, nullable, object, queryParam, string } from '../schema-builders.js';

const event = object({
  id: string('the CloudEvents id'),
  type: enumOf(EVENT_TYPES),
  subject: nullable(string('what the event is about, e.g. payments/api@sha256:…')),
  team: nullable(string('null for organisation-wide events')),
  time: epochMs(),
  data: { type: 'object', description: 'the event payload' },
  dispatchedAt: nullable(epochMs('when it was fanned out to the subscriptions; null while waiting')),
});

export const eventPaths: Paths = {
  '/events': {
    get: authed({
      operationId: 'listEvents',
      summary: 'events, newest first, of the teams the caller sees',
      description: 'Admins, security and organisation viewers see every event; developers and robot tokens see their teams’ events only (no organisation-wide ones).',
      tags: ['events'],
      parameters: [
        queryParam('type', string(undefined, { examples: ['image.approved,image.rejected'] }), `one type or several, comma-separated: ${EVENT_TYPES.join(', ')}`),
        queryParam('team', string(), 'only this team'),
        queryParam('since', string(), 'only events at or after this time: ISO 8601 or epoch milliseconds'),
        queryParam('cursor', string(), 'nextCursor of the previous page'),
        queryParam('limit', integer(undefined, { minimum: 1, maximum: 500, default: 50 }), 'page size'),
      ],
      responses: { 200: json('a page of events', object({ events: array(event), nextCursor: nullable(string()) })), ...errors(400) },
    }),
  },
};

