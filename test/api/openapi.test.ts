/**
 * GET /api/v1/openapi.json: served without credentials, valid against the
 * official OpenAPI 3.1 schema, and in step with the routes the server really
 * registers under /api/v1, both ways.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAirlock, type TestAirlock } from '../helpers/airlock.js';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = addFormatsModule.default;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
// An OpenAPI-specific format (RFC 9110 media ranges), unknown to ajv-formats.
ajv.addFormat('media-range', /^[\w.+*-]+\/[\w.+*-]+(\s*;.*)?$/);
const validateOpenApi = ajv.compile(withStaticMetaRefs(JSON.parse(readFileSync(new URL('./fixtures/openapi-3.1-schema.json', import.meta.url), 'utf8')) as object));

type Document = { paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>> } & Record<string, unknown>;
let airlock: TestAirlock;
let document: Document;

beforeAll(async () => {
  airlock = await startAirlock();
  const response = await fetch(`${airlock.url}/api/v1/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  document = (await response.json()) as Document;
});
afterAll(() => airlock.close());

describe('the OpenAPI document', () => {
  it('is served to anyone, while the routes it describes need credentials', async () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/openapi.json']?.get?.security).toEqual([]);
    expect((await fetch(`${airlock.url}/api/v1/whoami`)).status).toBe(401);
  });

  it('is valid against the official OpenAPI 3.1 schema, which rejects a broken copy', () => {
    expect(validateOpenApi(document), JSON.stringify(validateOpenApi.errors, null, 2)).toBe(true);
    const broken = structuredClone(document);
    const whoami = broken.paths['/whoami']?.get;
    if (!whoami) throw new Error('GET /whoami is not described');
    whoami.responses['200'] = { content: {} }; // a response without its required description
    expect(validateOpenApi(broken)).toBe(false);
  });

  it('has schemas that are valid JSON Schema 2020-12, and every $ref resolves', () => {
    const schemas = collectSchemas(document);
    expect(schemas.length).toBeGreaterThan(50);
    for (const { where, schema } of schemas) expect(ajv.validateSchema(schema), `${where}: ${JSON.stringify(ajv.errors)}`).toBe(true);
    const refs = collectRefs(document);
    expect(refs).toContain('#/components/schemas/Error');
    for (const ref of refs) expect(resolvePointer(document, ref), ref).toBeDefined();
  });

  it('uses the shared error schema for every error response, and 401 wherever credentials are needed', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) >= 400) expect(response, `${method} ${path} ${status}`).toMatchObject({ $ref: expect.stringMatching(/^#\/components\/responses\//) as unknown });
        }
        if (operation.security === undefined) expect(Object.keys(operation.responses), `${method} ${path}`).toContain('401');
      }
    }
  });

  it('describes every route registered under /api/v1, and nothing else', () => {
    const registered = registeredApiRoutes(airlock.server.app);
    expect(registered).toContain('GET /whoami');
    expect(registered).toContain('GET /webhooks/{id}/deliveries');
    const described = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(described.filter((route) => !registered.includes(route)), 'described but not registered').toEqual([]);
    expect(registered.filter((route) => !described.includes(route)), 'registered but not described').toEqual([]);
    // The tree parsed above, checked against Fastify's own lookup.
    for (const route of described) {
      const [method, path] = route.split(' ') as [string, string];
      expect(airlock.server.app.hasRoute({ method, url: `/api/v1${path.replace(/\{(\w+)\}/g, ':$1')}` }), route).toBe(true);
    }
  });
});

/**
 * ajv resolves `$dynamicAnchor` only at a schema's root (ajv-validator/ajv#1745), so
 * the schema's `$dynamicRef: "#meta"` would point at the whole document. In this
 * schema nothing overrides the anchor (only schema-base.json does), so the dynamic
 * reference means exactly `$ref: "#/$defs/schema"`; the file on disk stays as published.
 */
function withStaticMetaRefs(schema: object): object {
  return JSON.parse(JSON.stringify(schema).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"')) as object;
}

/**
 * Reads Fastify's route tree (printRoutes with commonPrefix off): each line is a
 * path segment, indented four characters per level, with its methods in
 * parentheses. HEAD routes are Fastify's automatic twins of GET routes.
 */
function registeredApiRoutes(app: FastifyInstance): string[] {
  const routes = new Set<string>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const path = (stack[depth - 1] ?? '') + (match[2] ?? '');
    stack.length = depth;
    stack.push(path);
    if (!path.startsWith('/api/v1/')) continue;
    for (const method of (match[3] ?? '').split(', ').filter((m) => m && m !== 'HEAD')) {
      routes.add(`${method} ${path.slice('/api/v1'.length).replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return [...routes].sort();
}

function collectSchemas(document: Document): Array<{ where: string; schema: object }> {
  const found: Array<{ where: string; schema: object }> = [];
  const visit = (value: unknown, where: string): void => {
    if (typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      // A schema is the value of `schema` (parameters, media types, headers) or an entry of components.schemas.
      if (key === 'schema' && typeof child === 'object' && child !== null) found.push({ where: `${where}/schema`, schema: child });
      else visit(child, `${where}/${key}`);
    }
  };
  visit(document.paths, '#/paths');
  visit(document.components, '#/components');
  const components = document.components as { schemas: Record<string, object> };
  for (const [name, schema] of Object.entries(components.schemas)) found.push({ where: `#/components/schemas/${name}`, schema });
  return found;
}

function collectRefs(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => (key === '$ref' && typeof child === 'string' ? [child] : collectRefs(child)));
}

function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}
