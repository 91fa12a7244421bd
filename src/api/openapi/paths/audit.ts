/** /audit (routes/audit.ts): the hash-chained audit trail. */
import type { Paths } from '../openapi-types.js';
import { array, authed, boolean, enumOf, epochMs, errors, integer, json, nullable, object, queryParam, string } from '../schema-builders.js';

const READERS = 'Admins, security and organisation viewers.';
const entry = object({
  seq: integer('position in the chain, from 1'),
  time: epochMs(),
  actor: string('user:<name>, robot:<id> or system'),
  action: string('dotted, e.g. image.approved, webhook.created'),
  target: nullable(string()),
  details: { type: 'object' },
  prevHash: string('hash of the previous entry (64 zeros for the first)'),
  hash: string('sha256(prevHash + canonical JSON of seq, time, actor, action, target, details), hex'),
});
const since = queryParam('since', string(), 'entries at or after this time: ISO 8601 or epoch milliseconds');
const until = queryParam('until', string(), 'entries before this time: ISO 8601 or epoch milliseconds');
const headOf = nullable(object({ seq: integer(), hash: string() }));

export const auditPaths: Paths = {
  '/audit': {
    get: authed({
      operationId: 'listAudit',
      summary: 'audit entries, filtered and paged',
      description: READERS,
      tags: ['audit'],
      parameters: [
        queryParam('actor', string(), 'exactly this actor, e.g. user:alice'),
        queryParam('action', string(), 'an action, or a dotted family of them (webhook matches webhook.created, …)'),
        queryParam('target', string(), 'targets starting with this text'),
        since,
        until,
        queryParam('cursor', integer(), 'nextCursor of the previous page'),
        queryParam('order', { ...enumOf(['newest', 'oldest']), default: 'newest' }, 'newest or oldest first'),
        queryParam('limit', integer(undefined, { minimum: 1, maximum: 1000, default: 100 }), 'page size'),
      ],
      responses: { 200: json('a page of entries', object({ entries: array(entry), nextCursor: nullable(integer()) })), ...errors(400, 403) },
    }),
  },
  '/audit/verify': {
    get: authed({
      operationId: 'verifyAudit',
      summary: 'check every link of the chain (admin, security)',
      tags: ['audit'],
      responses: {
        200: json(
          'the verdict; ok false names the first bad entry',
          object(
            {
              ok: boolean(),
              entries: integer('entries checked and found intact'),
              head: headOf,
              firstBad: object({ seq: integer(), reason: enumOf(['missing', 'unexpected-seq', 'inserted', 'broken-link', 'hash-mismatch', 'malformed', 'anchor-mismatch']), message: string() }),
            },
            ['firstBad'],
          ),
        ),
        ...errors(403),
      },
    }),
  },
  '/audit/export': {
    get: authed({
      operationId: 'exportAudit',
      summary: 'the trail as JSON Lines, streamed, oldest first',
      description: `${READERS} Each line is one entry with time in ISO 8601, prevHash and hash, so the chain can be re-verified outside Airlock.`,
      tags: ['audit'],
      parameters: [queryParam('format', { ...enumOf(['jsonl']), default: 'jsonl' }, 'jsonl'), since, until],
      responses: {
        200: { description: 'one JSON object per line', content: { 'application/x-ndjson': { schema: { type: 'string', description: 'newline-delimited JSON entries (seq, time, actor, action, target, details, prevHash, hash)' } } } },
        ...errors(400, 403),
      },
    }),
  },
};
