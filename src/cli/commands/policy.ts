/**
 * `airlock policy validate|show|diff|apply|history|test`: policy as code.
 * `validate` needs no server, so an editor hook or a CI step can run it on a
 * change before review. The others validate locally first too (errors point
 * at file:line:column), then ask the server. `apply` previews the impact and
 * refuses, unless told --yes, to revoke or put at risk any approved image.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { PolicyError, parsePolicyDocument, type LocatedIssue, type PolicyDocument } from '../../policy/index.js';
import { CliError, type ApiClient } from '../api-client.js';
import type { ClientFactory } from '../client-factory.js';
import { printObject, printTable } from '../output.js';
import { printImpact, printVerdict, type PolicyImpact, type PolicyTestResult } from './policy-output.js';

interface PolicyVersion {
  scope: string;
  team?: string;
  name: string;
  version: number;
  digest: string;
  createdBy: string;
  createdAt: number;
  text?: string;
}

interface LocalPolicy {
  text: string;
  document: PolicyDocument;
}

type Globals = { json?: boolean };
type Checked = { document: PolicyDocument } | { issues: LocatedIssue[] };

export function registerPolicy(program: Command, client: ClientFactory): void {
  const policy = program.command('policy').description('validate, review and apply the org policy and team policies');
  policy
    .command('validate <file>')
    .description('check a policy file locally (no server needed); prints file:line:column: problem, exits 1 when invalid')
    .action(async (file: string, _options, command: Command) => validate(file, command.optsWithGlobals<Globals>()));
  policy
    .command('show')
    .description('print the current policy YAML (or one version of it)')
    .option('--team <team>', "the team's policy instead of the org policy")
    // Not --version: the program's own --version is recognised anywhere on the command line.
    .option('--policy-version <n>', 'this version instead of the current one')
    .action(async (options: { team?: string; policyVersion?: string }, command: Command) => {
      const base = scopePath(options.team);
      const path = options.policyVersion === undefined ? base : `${base}/versions/${positiveInteger('--policy-version', options.policyVersion)}`;
      const shown = await client(command).get<PolicyVersion>(path);
      if (command.optsWithGlobals<Globals>().json) return void console.log(JSON.stringify(shown, null, 2));
      // The header goes to stderr, so `airlock policy show > policy.yaml` writes exactly the stored text.
      console.error(`# ${shown.scope} policy ${shown.name}, version ${shown.version}, applied by ${shown.createdBy} at ${new Date(shown.createdAt).toISOString()}`);
      process.stdout.write(shown.text ?? '');
    });
  policy
    .command('history')
    .description('every version of the org policy (or a team policy), newest first')
    .option('--team <team>', "the team's policy instead of the org policy")
    .action(async (options: { team?: string }, command: Command) => {
      const history = await client(command).get<{ scope: string; versions: PolicyVersion[] }>(`${scopePath(options.team)}/history`);
      const rows = history.versions.map((version) => ({ ...version, digest: version.digest.slice(0, 12) }));
      printTable(rows, ['version', 'name', 'createdBy', 'createdAt', 'digest'], command.optsWithGlobals<Globals>(), history);
    });
  policy
    .command('diff <file>')
    .description("what the file changes against the server's current policy of its scope")
    .action(async (file: string, _options, command: Command) => {
      const local = await readPolicyFile(file);
      const diff = await client(command).post<{ scope: string; currentVersion: number | null; rendered: string }>('/policies/diff', { text: local.text });
      if (command.optsWithGlobals<Globals>().json) return void console.log(JSON.stringify(diff, null, 2));
      console.log(`${file} against ${diff.scope} ${diff.currentVersion === null ? '(no policy yet)' : `version ${diff.currentVersion}`}:`);
      console.log(diff.rendered);
    });
  policy
    .command('apply <file>')
    .description('apply a policy file; shows what it would do first, and refuses to revoke approved images without --yes')
    .option('--yes', 'apply even though approved images would be revoked or put at risk')
    .option('--expected-version <n>', 'fail (409) unless this is still the current version, so a concurrent change is not overwritten')
    .action(async (file: string, options: { yes?: boolean; expectedVersion?: string }, command: Command) => apply(client(command), file, options, command.optsWithGlobals<Globals>()));
  policy
    .command('test <file>')
    .description('the verdict the policy in <file> would give an image, without applying it; exits 0 on pass, 1 on fail')
    .requiredOption('--image <ref>', 'quarantine or approved reference, by tag or digest, e.g. quarantine/payments/api:1.4.2')
    .option('--format <format>', 'table or json', 'table')
    .action(async (file: string, options: { image: string; format: string }, command: Command) => {
      const local = await readPolicyFile(file);
      const result = await client(command).post<PolicyTestResult>('/policies/test', { text: local.text, ref: options.image });
      printVerdict(result, options.format === 'json' || command.optsWithGlobals<Globals>().json === true);
      if (result.outcome === 'unknown') throw new CliError(`${options.image} cannot be judged until it is scanned again (its inventory is gone)`, 'NEEDS_SCAN');
      process.exitCode = result.outcome === 'pass' ? 0 : 1;
    });
}

async function validate(file: string, globals: Globals): Promise<void> {
  const checked = check(await readText(file));
  if ('issues' in checked) {
    if (globals.json) console.log(JSON.stringify({ file, valid: false, issues: checked.issues }, null, 2));
    else for (const line of formatIssues(file, checked.issues)) console.log(line);
    process.exitCode = 1;
  } else if (globals.json) {
    console.log(JSON.stringify({ file, valid: true }, null, 2));
  } else {
    const { document } = checked;
    const scope = document.metadata.team === undefined ? 'the org policy' : `a policy for team ${document.metadata.team}`;
    console.log(`${file}: valid: ${scope} ("${document.metadata.name}"), ${document.spec.rules.length} rule${document.spec.rules.length === 1 ? '' : 's'}`);
  }
}

async function apply(api: ApiClient, file: string, options: { yes?: boolean; expectedVersion?: string }, globals: Globals): Promise<void> {
  const local = await readPolicyFile(file);
  const expectedVersion = options.expectedVersion === undefined ? undefined : nonNegativeInteger('--expected-version', options.expectedVersion);
  const preview = await api.post<PolicyImpact>('/policies/preview', { text: local.text });
  if (!globals.json) printImpact(preview);
  if (preview.revocations.length > 0 && !options.yes) {
    if (globals.json) console.log(JSON.stringify({ preview, applied: null }, null, 2));
    const count = preview.revocations.length;
    throw new CliError(`not applied: ${count} approved image${count === 1 ? '' : 's'} would be put at risk or revoked; review them above and re-run with --yes to apply anyway`, 'CONFIRMATION_REQUIRED');
  }
  const body = { text: local.text, ...(expectedVersion === undefined ? {} : { expectedVersion }) };
  const applied = await api.put<PolicyVersion & { changed: boolean; previousVersion: number | null }>(scopePath(local.document.metadata.team), body);
  if (globals.json) return void console.log(JSON.stringify({ preview, applied }, null, 2));
  const what = `${applied.scope} policy ${applied.name}`;
  if (!applied.changed) console.log(`unchanged: ${what} is already this text (version ${applied.version})`);
  else printObject({ applied: what, version: applied.version, previousVersion: applied.previousVersion, createdBy: applied.createdBy, createdAt: applied.createdAt }, {});
}

async function readPolicyFile(file: string): Promise<LocalPolicy> {
  const text = await readText(file);
  const checked = check(text);
  if ('issues' in checked) throw new CliError(`${file} is not a valid policy:\n${formatIssues(file, checked.issues).join('\n')}`, 'POLICY_INVALID');
  return { text, document: checked.document };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'FILE_UNREADABLE');
  }
}

/** The document, or its problems: an invalid document is an answer here, not a failure. */
function check(text: string): Checked {
  try {
    return { document: parsePolicyDocument(text) };
  } catch (error) {
    if (error instanceof PolicyError && error.code === 'POLICY_INVALID') return { issues: (error.detail as { issues: LocatedIssue[] }).issues };
    throw error;
  }
}

/** The `file:line:column: message` form editors and CI annotate lines from. */
function formatIssues(file: string, issues: readonly LocatedIssue[]): string[] {
  return issues.map((issue) => `${file}:${issue.line ?? 1}:${issue.column ?? 1}: ${issue.path === 'YAML' ? '' : `${issue.path}: `}${issue.message}`);
}

function scopePath(team: string | undefined): string {
  return team === undefined ? '/policies/org' : `/policies/teams/${encodeURIComponent(team)}`;
}

function positiveInteger(flag: string, text: string): number {
  const value = nonNegativeInteger(flag, text);
  if (value === 0) throw new CliError(`${flag}: versions start at 1`, 'USAGE', 2);
  return value;
}

function nonNegativeInteger(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new CliError(`${flag}: expected a version number such as 3, not "${text}"`, 'USAGE', 2);
  return Number(text);
}
