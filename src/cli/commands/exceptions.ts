/**
 * `airlock exception create|list|revoke` and `airlock exception vex import|export`:
 * accepted vulnerabilities. Creating, revoking and importing need the security
 * role; the server says so (DENIED) when the caller lacks it. A scope is given
 * by exactly one of --org, --team or --repo, so nobody accepts a vulnerability
 * for the whole organisation by forgetting a flag.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseDuration } from '../../config/index.js';
import { CliError } from '../api-client.js';
import type { ClientFactory } from '../client-factory.js';
import { printObject, printTable } from '../output.js';

interface ScopeOptions {
  org?: boolean;
  team?: string;
  repo?: string;
}

interface CreateOptions extends ScopeOptions {
  vuln: string;
  alias?: string[];
  package?: string;
  reason: string;
  expires: string;
  justification?: string;
}

interface ListOptions {
  team?: string;
  state?: string;
  vuln?: string;
  limit: string;
  cursor?: string;
}

interface ExceptionPage {
  exceptions: Array<Record<string, unknown>>;
  nextCursor: string | null;
}

interface VexImport {
  exceptions: Array<Record<string, unknown>>;
  skipped: Array<{ statement: number; vulnerability: string; status: string; note: string }>;
  notes: string[];
}

const COLUMNS = ['id', 'vulnerability', 'package', 'scope', 'state', 'expiresAt', 'createdBy', 'reason'] as const;
const EXPIRES_HELP = 'a date (2026-12-31, i.e. 00:00 UTC that day), an RFC 3339 date-time, or a duration from now (90d, 12w)';
/** VEX statements have no expiry and exceptions must have one; an import without --expires lasts this long. */
const DEFAULT_VEX_EXPIRY = '90d';

export function registerExceptions(program: Command, client: ClientFactory): void {
  const exception = program.command('exception').description('accept single vulnerabilities with a reason and an expiry (security role), list and revoke them');
  withScope(exception.command('create').description('accept one vulnerability; images it covers are judged again'))
    .requiredOption('--vuln <id>', 'the vulnerability: CVE-…, GHSA-… or any alias')
    .option('--alias <id...>', 'other names of the same vulnerability')
    .option('--package <package>', 'only this package: a name (minimist) or a purl (pkg:npm/minimist)')
    .requiredOption('--reason <text>', 'why it is accepted; shown to everyone it affects')
    .requiredOption('--expires <date>', `when it stops applying: ${EXPIRES_HELP}`)
    .option('--justification <justification>', 'an OpenVEX justification, e.g. vulnerable_code_not_in_execute_path')
    .action(async (options: CreateOptions, command: Command) => {
      const body = {
        vulnerability: options.vuln,
        ...(options.alias ? { aliases: options.alias } : {}),
        ...(options.package === undefined ? {} : { package: options.package }),
        scope: scopeOf(options),
        reason: options.reason,
        expiresAt: expiryOf(options.expires),
        ...(options.justification === undefined ? {} : { justification: options.justification }),
      };
      printObject(await client(command).post<Record<string, unknown>>('/exceptions', body), command.optsWithGlobals());
    });
  exception
    .command('list')
    .description('the exceptions you may see, oldest first')
    .option('--team <team>', 'those that can apply to this team’s images (organisation-wide, the team’s, its repositories’)')
    .option('--state <state>', 'active, expired, revoked or all', 'all')
    .option('--vuln <id>', 'only this vulnerability (or alias)')
    .option('--limit <n>', 'exceptions per page (1–500)', '100')
    .option('--cursor <id>', 'continue where the previous page ended')
    .action(async (options: ListOptions, command: Command) => {
      const query = new URLSearchParams({ state: options.state ?? 'all', limit: options.limit });
      if (options.team) query.set('team', options.team);
      if (options.vuln) query.set('vulnerability', options.vuln);
      if (options.cursor) query.set('cursor', options.cursor);
      const page = await client(command).get<ExceptionPage>(`/exceptions?${query.toString()}`);
      const globals = command.optsWithGlobals<{ json?: boolean }>();
      printTable(page.exceptions, COLUMNS, globals, page);
      if (page.nextCursor && !globals.json) console.error(`more exceptions: add --cursor ${page.nextCursor}`);
    });
  exception
    .command('revoke <id>')
    .description('stop an exception applying now; it stays listed as revoked')
    .option('--reason <text>', 'why; kept in the audit trail')
    .action(async (id: string, options: { reason?: string }, command: Command) => {
      const revoked = await client(command).post<Record<string, unknown>>(`/exceptions/${encodeURIComponent(id)}/revoke`, options.reason ? { reason: options.reason } : {});
      printObject(revoked, command.optsWithGlobals());
    });
  registerVex(exception, client);
}

function registerVex(exception: Command, client: ClientFactory): void {
  const vex = exception.command('vex').description('OpenVEX documents in and out');
  withScope(vex.command('import <file>').description('create exceptions from an OpenVEX document’s not_affected and fixed statements, all or none'))
    .option('--expires <date>', `when the imported exceptions stop applying: ${EXPIRES_HELP}`, DEFAULT_VEX_EXPIRY)
    .action(async (file: string, options: ScopeOptions & { expires: string }, command: Command) => {
      const document = await readJson(file);
      const query = new URLSearchParams({ scope: scopeOf(options), expiresAt: expiryOf(options.expires) });
      const imported = await client(command).post<VexImport>(`/exceptions/vex?${query.toString()}`, document);
      const globals = command.optsWithGlobals<{ json?: boolean }>();
      printTable(imported.exceptions, COLUMNS, globals, imported);
      if (globals.json) return;
      for (const skipped of imported.skipped) console.error(`skipped statement ${skipped.statement} (${skipped.vulnerability}, ${skipped.status}): ${skipped.note}`);
      for (const note of imported.notes) console.error(`note: ${note}`);
    });
  vex
    .command('export')
    .description('the active exceptions you see, as one OpenVEX document')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option('--team <team>', 'only those that can apply to this team’s images')
    .option('--author <author>', 'the document’s author')
    .action(async (options: { output?: string; team?: string; author?: string }, command: Command) => {
      const query = new URLSearchParams();
      if (options.team) query.set('team', options.team);
      if (options.author) query.set('author', options.author);
      const suffix = query.size > 0 ? `?${query.toString()}` : '';
      const text = `${JSON.stringify(await client(command).get<unknown>(`/exceptions/vex${suffix}`), null, 2)}\n`;
      if (options.output) await writeFile(options.output, text);
      else process.stdout.write(text);
    });
}

function withScope(command: Command): Command {
  return command
    .option('--org', 'for every image of the organisation')
    .option('--team <team>', 'for the images of one team')
    .option('--repo <repository>', 'for one repository, <team>/<name>');
}

/** Exactly one scope flag: the wire form is org, team:<team> or repository:<team>/<name>. */
function scopeOf(options: ScopeOptions): string {
  const given = [options.org ? 'org' : undefined, options.team === undefined ? undefined : `team:${options.team}`, options.repo === undefined ? undefined : `repository:${options.repo}`].filter(
    (scope): scope is string => scope !== undefined,
  );
  if (given.length !== 1) throw new CliError('give exactly one scope: --org, --team <team> or --repo <team>/<name>', 'USAGE', 2);
  return given[0] as string;
}

/** Durations count from now; dates and date-times go to the server as typed, which checks them. */
function expiryOf(text: string): string {
  const duration = parseDuration(text);
  return duration === undefined ? text : new Date(Date.now() + duration).toISOString();
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file}: ${error.code ?? error.message}`, 'FILE_UNREADABLE');
  });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${file} is not JSON, so not an OpenVEX document: ${(error as Error).message}`, 'VEX_INVALID');
  }
}
