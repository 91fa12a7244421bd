/**
 * OpenVEX v0.2.0 (https://github.com/openvex/spec, JSON schema
 * openvex_json_schema.json) in and out of exceptions.
 *
 * Import: `not_affected` and `fixed` statements become exceptions, one per
 * product purl (a product's subcomponents when it lists them: they are the
 * vulnerable packages), with the justification, impact statement and status
 * notes in the reason and the caller's scope and expiry (VEX has no expiry;
 * Airlock exceptions always have one). `affected` and `under_investigation`
 * statements accept nothing and are skipped with a note, as are statements
 * whose products have no purl. A statement without products covers every
 * package in the scope. Import is lenient about fields it does not use.
 *
 * Export: active exceptions as `not_affected` statements, justification as
 * recorded or `inline_mitigations_already_exist`; the reason, scope and expiry
 * go in `status_notes` (the schema allows a justification or an
 * impact_statement, not both).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { formatPath, issuesFromZod } from './document-issue.js';
import { exceptionStatus, VEX_JUSTIFICATIONS, type NewException, type PolicyException } from './exception.js';
import { PolicyError } from './policy-error.js';

export const OPENVEX_CONTEXT = 'https://openvex.dev/ns/v0.2.0';
const DEFAULT_JUSTIFICATION = 'inline_mitigations_already_exist';

const componentSchema = z.object({ '@id': z.string().optional(), identifiers: z.object({ purl: z.string().optional() }).optional() });
const statementSchema = z.object({
  '@id': z.string().optional(),
  vulnerability: z.object({ '@id': z.string().optional(), name: z.string().trim().min(1), aliases: z.array(z.string()).optional() }),
  products: z.array(componentSchema.extend({ subcomponents: z.array(componentSchema).optional() })).optional(),
  status: z.enum(['not_affected', 'affected', 'fixed', 'under_investigation']),
  justification: z.enum(VEX_JUSTIFICATIONS).optional(),
  impact_statement: z.string().optional(),
  status_notes: z.string().optional(),
  action_statement: z.string().optional(),
  timestamp: z.string().optional(),
});
const documentSchema = z.object({
  '@context': z.string().refine((context) => context.startsWith('https://openvex.dev/ns'), { message: `expected an OpenVEX context such as ${OPENVEX_CONTEXT}` }),
  '@id': z.string().min(1),
  author: z.string().min(1),
  timestamp: z.string().optional(),
  version: z.union([z.number(), z.string()]).optional(),
  statements: z.array(statementSchema),
});
type Statement = z.infer<typeof statementSchema>;

export interface OpenVexImportOptions {
  /** org, team:<team> or repository:<repository>. */
  scope: string;
  /** Required: VEX statements do not expire, exceptions do. */
  expiresAt: number | string;
}

export interface OpenVexImport {
  exceptions: NewException[];
  /** Statements that produced no exception, and why. */
  skipped: Array<{ statement: number; vulnerability: string; status: string; note: string }>;
  /** Things the caller should know about statements that were imported. */
  notes: string[];
}

/** Reads an OpenVEX document (parsed JSON or text) into exceptions to create; throws VEX_INVALID when it is not one. */
export function importOpenVex(input: unknown, options: OpenVexImportOptions): OpenVexImport {
  const document = parseOpenVex(input);
  const result: OpenVexImport = { exceptions: [], skipped: [], notes: [] };
  document.statements.forEach((statement, index) => {
    const vulnerability = statement.vulnerability.name;
    if (statement.status !== 'not_affected' && statement.status !== 'fixed') {
      result.skipped.push({ statement: index, vulnerability, status: statement.status, note: `${statement.status} statements accept nothing` });
      return;
    }
    const products = statement.products ?? [];
    const purls = [...new Set(products.flatMap(productPurls))];
    if (products.length > 0 && purls.length === 0) {
      result.skipped.push({ statement: index, vulnerability, status: statement.status, note: 'none of its products is identified by a purl' });
      return;
    }
    if (products.length === 0) result.notes.push(`statement ${index} (${vulnerability}) names no product: it covers every package in ${options.scope}`);
    const base: NewException = {
      vulnerability,
      aliases: (statement.vulnerability.aliases ?? []).filter((alias) => alias !== vulnerability),
      scope: options.scope,
      reason: reasonOf(statement, document['@id'], document.author),
      expiresAt: options.expiresAt,
      source: `openvex:${document['@id']}`,
      ...(statement.justification === undefined ? {} : { justification: statement.justification }),
    };
    if (purls.length === 0) result.exceptions.push(base);
    for (const purl of purls) result.exceptions.push({ ...base, package: purl });
  });
  return result;
}

function parseOpenVex(input: unknown): z.infer<typeof documentSchema> {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (error) {
      throw new PolicyError('VEX_INVALID', `not an OpenVEX document: ${(error as Error).message}`);
    }
  }
  const parsed = documentSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = issuesFromZod(parsed.error, value).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new PolicyError('VEX_INVALID', `not an OpenVEX document: ${issues.slice(0, 10).join('; ')}`, { detail: { issues } });
}

function productPurls(product: NonNullable<Statement['products']>[number]): string[] {
  const purlOf = (component: z.infer<typeof componentSchema>) => component.identifiers?.purl ?? (component['@id']?.startsWith('pkg:') ? component['@id'] : undefined);
  const subcomponents = (product.subcomponents ?? []).flatMap((component) => purlOf(component) ?? []);
  if (subcomponents.length > 0) return subcomponents;
  const own = purlOf(product);
  return own === undefined ? [] : [own];
}

function reasonOf(statement: Statement, documentId: string, author: string): string {
  const parts = [statement.justification, statement.impact_statement, statement.status_notes].filter((part): part is string => part !== undefined && part.trim() !== '');
  return `VEX ${statement.status}${parts.length > 0 ? `: ${parts.join('; ')}` : ''} (OpenVEX ${documentId} by ${author})`;
}

export interface OpenVexExportOptions {
  author: string;
  now: number;
  /** The document's IRI; by default derived from its statements. */
  id?: string;
  version?: number;
}

export interface OpenVexStatement {
  '@id'?: string;
  vulnerability: { name: string; aliases?: string[] };
  timestamp: string;
  products?: Array<{ '@id': string }>;
  status: 'not_affected';
  justification: string;
  status_notes: string;
}

export interface OpenVexDocument {
  '@context': typeof OPENVEX_CONTEXT;
  '@id': string;
  author: string;
  timestamp: string;
  version: number;
  tooling: string;
  statements: OpenVexStatement[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The exceptions active at `now` as an OpenVEX document (an empty statement list when there are none). */
export function exportOpenVex(exceptions: readonly PolicyException[], options: OpenVexExportOptions): OpenVexDocument {
  const statements = exceptions.filter((exception) => exceptionStatus(exception, options.now) === 'active').map(statementOf);
  const digest = createHash('sha256').update(JSON.stringify(statements)).digest('hex');
  return {
    '@context': OPENVEX_CONTEXT,
    '@id': options.id ?? `urn:airlock:openvex:${digest}`,
    author: options.author,
    timestamp: new Date(options.now).toISOString(),
    version: options.version ?? 1,
    tooling: 'Airlock',
    statements,
  };
}

function statementOf(exception: PolicyException): OpenVexStatement {
  const purl = exception.package?.startsWith('pkg:') ? exception.package : undefined;
  const packageNote = exception.package !== undefined && purl === undefined ? `; package ${exception.package}` : '';
  return {
    ...(UUID.test(exception.id) ? { '@id': `urn:uuid:${exception.id.toLowerCase()}` } : {}),
    vulnerability: { name: exception.vulnerability, ...(exception.aliases.length > 0 ? { aliases: [...exception.aliases] } : {}) },
    timestamp: new Date(exception.createdAt).toISOString(),
    ...(purl === undefined ? {} : { products: [{ '@id': purl }] }),
    status: 'not_affected',
    justification: exception.justification ?? DEFAULT_JUSTIFICATION,
    status_notes: `${exception.reason} (accepted for ${exception.scope}${packageNote} by ${exception.createdBy} until ${new Date(exception.expiresAt).toISOString()})`,
  };
}
