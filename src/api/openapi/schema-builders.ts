/** Small builders for the description modules: schemas, parameters, bodies and responses read like the routes they describe. */
import type { MediaType, Operation, Parameter, Reference, RequestBody, Response, SchemaObject } from './openapi-types.js';

export const string = (description?: string, extra: SchemaObject = {}): SchemaObject => ({ type: 'string', ...(description ? { description } : {}), ...extra });
export const integer = (description?: string, extra: SchemaObject = {}): SchemaObject => ({ type: 'integer', ...(description ? { description } : {}), ...extra });
export const boolean = (description?: string): SchemaObject => ({ type: 'boolean', ...(description ? { description } : {}) });
export const epochMs = (description = 'milliseconds since the epoch'): SchemaObject => integer(description);
export const isoTime = (description?: string): SchemaObject => string(description, { format: 'date-time' });
export const enumOf = (values: readonly string[], description?: string): SchemaObject => ({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
export const array = (items: SchemaObject, description?: string): SchemaObject => ({ type: 'array', items, ...(description ? { description } : {}) });
export const anyJson = (description?: string): SchemaObject => (description ? { description } : {});
export const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` });

/** `schema` or null. */
export function nullable(schema: SchemaObject): SchemaObject {
  return typeof schema.type === 'string' ? { ...schema, type: [schema.type, 'null'] } : { anyOf: [schema, { type: 'null' }] };
}

/** Every property required except those named in `optional`; further properties allowed (responses may grow). */
export function object(properties: Record<string, SchemaObject>, optional: readonly string[] = []): SchemaObject {
  const required = Object.keys(properties).filter((name) => !optional.includes(name));
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

/** A request body: unknown properties are refused (the routes parse with strict zod objects). */
export function strictObject(properties: Record<string, SchemaObject>, optional: readonly string[] = []): SchemaObject {
  return { ...object(properties, optional), additionalProperties: false };
}

export function pathParam(name: string, description: string): Parameter {
  return { name, in: 'path', required: true, description, schema: string() };
}

export function queryParam(name: string, schema: SchemaObject, description: string, required = false): Parameter {
  return { name, in: 'query', description, schema, ...(required ? { required: true } : {}) };
}

const jsonContent = (schema: SchemaObject): Record<string, MediaType> => ({ 'application/json': { schema } });

export function jsonBody(schema: SchemaObject, required = true): RequestBody {
  return { required, content: jsonContent(schema) };
}

export function json(description: string, schema: SchemaObject): Response {
  return { description, content: jsonContent(schema) };
}

export const noContent: Response = { description: 'done; no body' };

/** The shared error responses (components.ts), by status. */
const ERROR_RESPONSES: Record<number, string> = { 400: 'Invalid', 401: 'Unauthorized', 403: 'Denied', 404: 'NotFound', 409: 'Conflict', 422: 'Unprocessable', 429: 'TooManyRequests' };

export function errors(...statuses: number[]): Record<string, Reference> {
  return Object.fromEntries(
    statuses.map((status) => {
      const name = ERROR_RESPONSES[status];
      if (!name) throw new Error(`no shared error response for HTTP ${status}`);
      return [String(status), { $ref: `#/components/responses/${name}` }];
    }),
  );
}

/** An operation that needs a signed-in caller: 401 and 429 (login lock-out) come with it. */
export function authed(operation: Operation): Operation {
  return { ...operation, responses: { ...operation.responses, ...errors(401, 429) } };
}
