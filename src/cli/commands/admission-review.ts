/**
 * `airlock admission review <file|dir|->...`: the validating webhook's rules on
 * Kubernetes manifests in CI (YAML streams, Helm and Kustomize output, JSON,
 * Lists; directories recursively; `-` for standard input). Pod Security always;
 * the image rules that need Airlock's approved set only with --server (the
 * global option, or AIRLOCK_SERVER), read with the CLI's credentials.
 *
 * Exit codes: 0 nothing denied (warnings allowed), 1 something denied,
 * 2 no review could be made (bad usage, unreadable or malformed input, the
 * server unreachable or refusing the credentials).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { AirlockError } from '../../errors/index.js';
import { ApiClient, CliError } from '../api-client.js';
import { printTable } from '../output.js';
import { VERSION } from '../version.js';

const FORMATS = ['table', 'json', 'sarif'] as const;
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

interface ReviewOptions {
  podSecurity: string;
  format?: (typeof FORMATS)[number];
  registry?: string[];
  namespace: string;
  denyLatest?: boolean;
  denyTagWithoutDigest?: boolean;
}

interface GlobalOptions {
  server?: string;
  json?: boolean;
}

export function registerAdmissionReview(admission: Command, env: Record<string, string | undefined>): void {
  admission
    .command('review')
    .description('check Kubernetes manifests (files, directories, - for stdin) against the webhook’s rules; exits 1 when anything would be denied')
    .argument('<paths...>', 'manifest files (YAML, multi-document, JSON), directories (*.yaml, *.yml, *.json, recursively) or - for standard input')
    .option('--pod-security <level[:version]>', 'Pod Security level for namespaces whose labels (in the input) do not set one, e.g. restricted or restricted:v1.30', 'baseline')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS))
    .option('--registry <host...>', 'allowed registries (image-registry, image-quarantine); default with --server: its host, without: not checked')
    .option('-n, --namespace <ns>', 'namespace of objects that name none', 'default')
    .option('--deny-latest', 'deny :latest and untagged images (image-latest)')
    .option('--deny-tag-without-digest', 'deny images without a digest (image-digest)')
    .action(async (paths: string[], options: ReviewOptions, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const format = options.format ?? (globals.json ? 'json' : 'table');
      const { parseLevelVersion, reviewManifests, reviewToSarif } = await import('../../admission/index.js');
      try {
        parseLevelVersion(options.podSecurity);
      } catch (error) {
        throw new CliError(`--pod-security: ${(error as Error).message}`, 'USAGE', 2);
      }
      let review;
      try {
        const objects = await readManifests(paths);
        const server = globals.server ?? env.AIRLOCK_SERVER;
        if (server !== undefined && !URL.canParse(server)) throw new CliError(`--server ${server} is not a URL, e.g. https://airlock.example.com`, 'USAGE', 2);
        const snapshot = server ? await readSnapshot(server, env) : undefined;
        const registries = options.registry ?? (server ? [new URL(server).host] : []);
        review = reviewManifests(objects, { podSecurity: options.podSecurity, registries, snapshot, denyLatest: options.denyLatest, denyTagWithoutDigest: options.denyTagWithoutDigest, defaultNamespace: options.namespace, now: Date.now() });
      } catch (error) {
        if (!(error instanceof AirlockError)) throw error;
        console.error(`airlock: ${error.message}${error.code ? ` [${error.code}]` : ''}`);
        process.exitCode = 2;
        return;
      }
      if (format === 'sarif') process.stdout.write(reviewToSarif(review, { toolVersion: VERSION }));
      else if (format === 'json') console.log(JSON.stringify(review, null, 2));
      else printReviewTable(review);
      process.exitCode = review.summary.denied > 0 ? 1 : 0;
    });
}

type Review = ReturnType<(typeof import('../../admission/index.js'))['reviewManifests']>;

function printReviewTable(review: Review): void {
  const rows = review.resources.flatMap((resource) =>
    resource.findings.map((finding) => ({
      resource: `${resource.kind}/${resource.namespace ? `${resource.namespace}/` : ''}${resource.name || '(unnamed)'}`,
      container: finding.container,
      severity: finding.severity === 'error' ? 'deny' : 'warn',
      rule: finding.rule,
      message: finding.message,
    })),
  );
  if (rows.length > 0) printTable(rows, ['resource', 'container', 'severity', 'rule', 'message'], {});
  const { resources, checked, denied, warnings } = review.summary;
  const images = review.imagesChecked ? `approved images from ${review.registries.join(', ')}` : `no approved-image check (no --server)${review.registries.length > 0 ? `; registries ${review.registries.join(', ')}` : ''}`;
  console.log(`${rows.length > 0 ? '\n' : ''}${resources} objects, ${checked} with pods checked: ${denied} denied, ${warnings} warnings (Pod Security ${review.podSecurity} by default; ${images})`);
}

/** Every manifest object of the given paths, in order: files as given, directories sorted by path. */
async function readManifests(paths: readonly string[]): Promise<import('../../admission/index.js').ManifestObject[]> {
  const { parseManifests } = await import('../../admission/index.js');
  const objects = [];
  for (const file of await expandPaths(paths)) {
    const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
    objects.push(...parseManifests(text, file));
  }
  return objects;
}

async function expandPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    if (given === '-') {
      files.push(given);
      continue;
    }
    const info = await stat(given).catch((error: NodeJS.ErrnoException) => {
      throw new CliError(`${given}: ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}`, 'INPUT_UNREADABLE');
    });
    if (!info.isDirectory()) files.push(given);
    else files.push(...(await manifestFilesIn(given)));
  }
  return files;
}

async function manifestFilesIn(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase()))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readSnapshot(server: string, env: Record<string, string | undefined>): Promise<import('../../admission/index.js').FeedPage> {
  const { feedPageSchema } = await import('../../admission/index.js');
  const parsed = feedPageSchema.safeParse(await new ApiClient({ server, env }).get('/admission/snapshot'));
  if (!parsed.success) throw new CliError(`${server} answered GET /api/v1/admission/snapshot with an unexpected document`, 'SNAPSHOT_INVALID');
  return parsed.data;
}
