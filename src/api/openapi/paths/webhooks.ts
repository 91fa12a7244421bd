/** /webhooks and /deliveries (routes/webhooks.ts): webhook subscriptions and their delivery log. */
import { DELIVERY_STATUSES, EVENT_TYPES } from '../../../events/index.js';
import type { Paths } from '../openapi-types.js';
import { array, authed, boolean, enumOf, epochMs, errors, integer, json, jsonBody, noContent, nullable, object, pathParam, queryParam, strictObject, string } from '../schema-builders.js';

const ACCESS =
  'Admins and security see and manage every subscription; organisation viewers see all and change none; a developer sees and manages only subscriptions filtered to their own teams (managing needs the developer role in each); robot tokens are refused (403).';

const webhook = object({
  id: string(),
  url: string(),
  types: array(enumOf(EVENT_TYPES), 'event types delivered; empty: every type'),
  teams: array(string(), 'teams whose events are delivered; empty: every team and organisation-wide events'),
  active: boolean(),
  createdBy: string(),
  createdAt: epochMs(),
  deactivatedAt: nullable(epochMs()),
});
const delivery = object({
  id: string(),
  webhookId: string(),
  eventId: string(),
  eventType: enumOf(EVENT_TYPES),
  status: enumOf(DELIVERY_STATUSES),
  attempts: integer(),
  nextAttemptAt: nullable(epochMs()),
  lastAttemptAt: nullable(epochMs()),
  lastResponseStatus: nullable(integer()),
  lastError: nullable(string()),
  lastDurationMs: nullable(integer()),
  createdAt: epochMs(),
  updatedAt: epochMs(),
  deliveredAt: nullable(epochMs()),
});
const attempt = object({ attempt: integer(), startedAt: epochMs(), durationMs: integer(), responseStatus: nullable(integer()), error: nullable(string()), succeeded: boolean() });
const id = pathParam('id', 'webhook id');
const change = (verb: 'activate' | 'deactivate', summary: string) =>
  authed({ operationId: `${verb}Webhook`, summary, description: ACCESS, tags: ['webhooks'], parameters: [id], responses: { 200: json('the subscription', webhook), ...errors(403, 404) } });

export const webhookPaths: Paths = {
  '/webhooks': {
    get: authed({ operationId: 'listWebhooks', summary: 'the subscriptions the caller may see (never with secrets)', description: ACCESS, tags: ['webhooks'], responses: { 200: json('subscriptions', object({ webhooks: array(webhook) })), ...errors(403) } }),
    post: authed({
      operationId: 'createWebhook',
      summary: 'subscribe a URL to events; deliveries are CloudEvents signed with the secret (X-Airlock-Signature)',
      description: ACCESS,
      tags: ['webhooks'],
      requestBody: jsonBody(
        strictObject(
          {
            url: string('http(s) URL of the receiver', { format: 'uri', maxLength: 2048 }),
            secret: string('HMAC-SHA256 key; stored for signing, never returned', { minLength: 16, maxLength: 1024 }),
            types: array(enumOf(EVENT_TYPES), 'only these event types; absent or empty: every type'),
            teams: array(string(), 'only events of these teams; absent or empty: every team (not allowed for developers)'),
          },
          ['types', 'teams'],
        ),
      ),
      responses: { 201: json('created; the secret is not echoed', webhook), ...errors(400, 403, 404) },
    }),
  },
  '/webhooks/{id}': {
    get: authed({ operationId: 'getWebhook', summary: 'one subscription', description: ACCESS, tags: ['webhooks'], parameters: [id], responses: { 200: json('the subscription', webhook), ...errors(403, 404) } }),
    delete: authed({ operationId: 'deleteWebhook', summary: 'delete a subscription and its delivery log', description: ACCESS, tags: ['webhooks'], parameters: [id], responses: { 204: noContent, ...errors(403, 404) } }),
  },
  '/webhooks/{id}/activate': { post: change('activate', 'resume deliveries') },
  '/webhooks/{id}/deactivate': { post: change('deactivate', 'pause deliveries; pending ones wait until activated again') },
  '/webhooks/{id}/deliveries': {
    get: authed({
      operationId: 'listWebhookDeliveries',
      summary: 'the subscription’s delivery log, newest first',
      description: ACCESS,
      tags: ['webhooks'],
      parameters: [
        id,
        queryParam('status', enumOf(DELIVERY_STATUSES), 'only deliveries in this status'),
        queryParam('cursor', string(), 'nextCursor of the previous page'),
        queryParam('limit', integer(undefined, { minimum: 1, maximum: 500, default: 50 }), 'page size'),
      ],
      responses: { 200: json('a page of deliveries', object({ deliveries: array(delivery), nextCursor: nullable(string('null on the last page')) })), ...errors(400, 403, 404) },
    }),
  },
  '/deliveries/{id}/attempts': {
    get: authed({
      operationId: 'listDeliveryAttempts',
      summary: 'every request made for one delivery, oldest first',
      description: ACCESS,
      tags: ['webhooks'],
      parameters: [pathParam('id', 'delivery id')],
      responses: { 200: json('the delivery and its attempts', object({ delivery, attempts: array(attempt) })), ...errors(403, 404) },
    }),
  },
};
