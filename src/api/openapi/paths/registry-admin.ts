/** /promotions and /gc (routes/registry-admin.ts): admin operations on the registry. */
import type { Paths } from '../openapi-types.js';
import { authed, boolean, errors, integer, json, jsonBody, object, strictObject, string } from '../schema-builders.js';

export const registryAdminPaths: Paths = {
  '/promotions': {
    post: authed({
      operationId: 'promote',
      summary: 'promote a quarantined image to its approved repository by hand (admin)',
      tags: ['registry'],
      requestBody: jsonBody(strictObject({ source: string('quarantine/<team>/<name>:<tag> or @<digest>', { minLength: 1 }), tag: string('the approved tag; defaults to the source tag') }, ['tag'])),
      responses: {
        201: json('promoted', object({ source: string(), target: string(), digest: string(), tag: string() }, ['tag'])),
        ...errors(400, 403, 404, 409),
      },
    }),
  },
  '/gc': {
    post: authed({
      operationId: 'collectGarbage',
      summary: 'delete unreferenced blobs, stale uploads and stray files (admin)',
      tags: ['registry'],
      requestBody: jsonBody(strictObject({ dryRun: { ...boolean('only report what would be deleted'), default: false } }, ['dryRun']), false),
      responses: {
        200: json(
          'what was (or would be) deleted',
          object({ dryRun: boolean(), blobsDeleted: integer(), bytesFreed: integer(), strayFilesDeleted: integer(), uploadsDeleted: integer(), durationMs: integer() }),
        ),
        ...errors(400, 403),
      },
    }),
  },
};
