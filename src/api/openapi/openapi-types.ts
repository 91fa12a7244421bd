/** The slice of OpenAPI 3.1 that Airlock's document uses, typed so description modules cannot drift into free-form objects. */

/** A JSON Schema (2020-12, OpenAPI's dialect). */
export type SchemaObject = Readonly<Record<string, unknown>>;

export interface Reference {
  $ref: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  description?: string;
  schema: SchemaObject;
}

export interface MediaType {
  schema: SchemaObject;
}

export interface RequestBody {
  required: boolean;
  content: Record<string, MediaType>;
}

export interface Response {
  description: string;
  headers?: Record<string, { description: string; schema: SchemaObject }>;
  content?: Record<string, MediaType>;
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Absent: the document's default (a user or a robot token); [] for no authentication. */
  security?: Array<Record<string, string[]>>;
  parameters?: Parameter[];
  requestBody?: RequestBody;
  responses: Record<string, Response | Reference>;
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
export type PathItem = Partial<Record<HttpMethod, Operation>>;
/** Keys are paths below the server URL (/api/v1), written with {parameters}. */
export type Paths = Record<string, PathItem>;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string; license: { name: string; identifier: string } };
  servers: Array<{ url: string; description: string }>;
  security: Array<Record<string, string[]>>;
  tags: Array<{ name: string; description: string }>;
  paths: Paths;
  components: {
    schemas: Record<string, SchemaObject>;
    responses: Record<string, Response>;
    securitySchemes: Record<string, SchemaObject>;
  };
}
