/**
 * `airlock admission review`, run as CI runs it, on real manifests
 * (kube-prometheus, the Pod Security Standards' own fixtures; see
 * fixtures/admission-review/SOURCE.md): Pod Security offline, namespace
 * labels from the input, Helm-style streams, Lists, directories, stdin, the
 * three output formats, and the image rules against a real Airlock whose gate
 * approved one image and rejected another.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { waitFor } from '../../src/events/webhook-receiver-harness.js';
import { VulnerabilityDatabase } from '../../src/scan/index.js';
import { startAirlock, type Credentials, type TestAirlock } from '../helpers/airlock.js';
import { runCli } from '../helpers/run-cli.js';
import { skopeo } from '../helpers/skopeo.js';
import { REPOSITORY_ROOT } from '../helpers/test-images.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures/admission-review');
const ROOT_POD = path.join(FIXTURES, 'pod-security/runasnonroot0.yaml');
const RESTRICTED_POD = path.join(FIXTURES, 'pod-security/base.yaml');
const KUBE_STATE_METRICS = path.join(FIXTURES, 'kube-prometheus/kubeStateMetrics-deployment.yaml');
const NODE_EXPORTER = path.join(FIXTURES, 'kube-prometheus/nodeExporter-daemonset.yaml');
const ROLE_BINDING_LIST = path.join(FIXTURES, 'kube-prometheus/prometheus-roleBindingSpecificNamespaces.yaml');
const OSV = path.resolve(import.meta.dirname, '../../../shared/data/osv-advisories');

interface ReviewJson {
  podSecurity: string;
  imagesChecked: boolean;
  resources: Array<{ kind: string; namespace?: string; name: string; line: number; source: string; checked: boolean; denied: boolean; findings: Array<{ severity: string; rule: string; container?: string; message: string }> }>;
  summary: { resources: number; checked: number; denied: number; warnings: number };
}

const review = (args: readonly string[], stdin?: string, env: Record<string, string> = {}) => runCli(['admission', 'review', ...args], env, stdin);
const reviewJson = async (args: readonly string[], stdin?: string, env: Record<string, string> = {}) => {
  const result = await review([...args, '--format', 'json'], stdin, env);
  return { code: result.code, stderr: result.stderr, report: JSON.parse(result.stdout) as ReviewJson };
};
const rulesOf = (report: ReviewJson, name: string) => report.resources.find((resource) => resource.name === name)?.findings.map((finding) => finding.rule).sort();
const text = (file: string) => readFileSync(file, 'utf8');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'airlock-review-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('airlock admission review, offline (Pod Security and the image rules that need no server)', () => {
  it('denies a pod without runAsNonRoot at restricted and allows it at baseline (the default)', async () => {
    const restricted = await review([ROOT_POD, '--pod-security', 'restricted:v1.37']);
    expect(restricted.code).toBe(1);
    expect(restricted.stdout).toMatch(/Pod\/default\/runasnonroot0 +- +deny +pod-security:runAsNonRoot +violates PodSecurity "restricted:v1.37"/);
    expect(restricted.stdout).toContain('1 denied');
    const baseline = await review([ROOT_POD]);
    expect(baseline.code).toBe(0);
    expect(baseline.stdout).toContain('0 denied, 0 warnings (Pod Security baseline:latest by default');
    expect((await review([RESTRICTED_POD, '--pod-security', 'restricted'])).code).toBe(0);
  });

  it('judges workloads like pods: a hardened Deployment passes restricted, a host-level DaemonSet fails baseline', async () => {
    const { code, report } = await reviewJson([KUBE_STATE_METRICS, NODE_EXPORTER, '--pod-security', 'restricted']);
    expect(code).toBe(1);
    expect(report.summary).toEqual({ resources: 2, checked: 2, denied: 1, warnings: 0 });
    expect(rulesOf(report, 'kube-state-metrics')).toEqual([]);
    expect(rulesOf(report, 'node-exporter')).toEqual(expect.arrayContaining(['pod-security:hostNamespaces', 'pod-security:hostPorts', 'pod-security:restrictedVolumes']));
    expect((await review([NODE_EXPORTER, '--pod-security', 'baseline'])).code).toBe(1);
    expect((await review([NODE_EXPORTER, '--pod-security', 'privileged'])).code).toBe(0);
  });

  it('lets a Namespace in the input set its own level, over --pod-security', async () => {
    const pod = parse(text(ROOT_POD)) as { metadata: Record<string, unknown> };
    const inNamespace = (namespace: string): string => stringify({ ...pod, metadata: { ...pod.metadata, namespace } });
    const namespace = (name: string, level: string) => stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'pod-security.kubernetes.io/enforce': level, 'pod-security.kubernetes.io/warn': 'restricted' } } });
    const stricter = await reviewJson(['-', '--pod-security', 'baseline'], `${namespace('payments', 'restricted')}---\n${inNamespace('payments')}---\n${inNamespace('other')}`);
    expect(stricter.code).toBe(1);
    expect(stricter.report.resources.filter((resource) => resource.denied).map((resource) => resource.namespace)).toEqual(['payments']);
    const laxer = await reviewJson(['-', '--pod-security', 'restricted'], `${namespace('tools', 'privileged')}---\n${inNamespace('tools')}`);
    expect(laxer.code).toBe(0);
    // The namespace's warn label still speaks: allowed, with the webhook's warning.
    expect(laxer.report.resources[1]?.findings).toEqual([{ severity: 'warning', rule: 'warning', message: expect.stringContaining('would violate PodSecurity "restricted:latest"') }]);
  });

  it('reads Helm-style streams from stdin: comments, separators, empty documents, Lists, kinds it does not check', async () => {
    const pod = parse(text(ROOT_POD)) as Record<string, unknown>;
    const stream = [
      '# Source: exporters/templates/deployment.yaml',
      text(KUBE_STATE_METRICS),
      '---',
      '# Source: exporters/templates/empty.yaml',
      '---',
      '---',
      '# Source: exporters/templates/rbac.yaml',
      text(ROLE_BINDING_LIST),
      '---',
      stringify({ apiVersion: 'v1', kind: 'List', items: [{ ...pod, metadata: { name: 'listed' } }] }),
    ].join('\n');
    const { code, report } = await reviewJson(['-', '--pod-security', 'restricted'], stream);
    expect(code).toBe(1);
    expect(report.resources.map((resource) => `${resource.kind}/${resource.name}`)).toEqual(['Deployment/kube-state-metrics', 'RoleBinding/prometheus-k8s', 'RoleBinding/prometheus-k8s', 'RoleBinding/prometheus-k8s', 'Pod/listed']);
    expect(report.summary).toMatchObject({ resources: 5, checked: 2, denied: 1 });
    const listed = report.resources[4];
    expect(listed).toMatchObject({ source: '-', denied: true });
    expect(stream.split('\n')[(listed?.line ?? 0) - 1]).toMatch(/^ *- apiVersion: v1$/);
  });

  it('walks directories recursively for *.yaml, *.yml and *.json, and reads JSON', async () => {
    const tree = path.join(dir, 'tree');
    await mkdir(path.join(tree, 'nested/deeper'), { recursive: true });
    await writeFile(path.join(tree, 'a.yaml'), text(KUBE_STATE_METRICS));
    await writeFile(path.join(tree, 'nested/root.yml'), text(ROOT_POD));
    await writeFile(path.join(tree, 'nested/deeper/pod.json'), JSON.stringify({ ...(parse(text(ROOT_POD)) as object), metadata: { name: 'from-json' } }));
    await writeFile(path.join(tree, 'nested/notes.txt'), 'not: [a manifest');
    const { code, report } = await reviewJson([tree, '--pod-security', 'restricted']);
    expect(code).toBe(1);
    expect(report.resources.map((resource) => [path.relative(tree, resource.source), resource.name, resource.denied])).toEqual([
      ['a.yaml', 'kube-state-metrics', false],
      ['nested/deeper/pod.json', 'from-json', true],
      ['nested/root.yml', 'runasnonroot0', true],
    ]);
  });

  it('applies the image options that need no approved set', async () => {
    const pod = stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'nginx' }, { name: 'b', image: 'airlock.example.com/quarantine/acme/api:1' }, { name: 'c', image: 'Bad/Name' }] } });
    const plain = await reviewJson(['-'], pod);
    expect(rulesOf(plain.report, 'p')).toEqual(['image-reference']);
    const strict = await reviewJson(['-', '--registry', 'airlock.example.com', '--deny-latest', '--deny-tag-without-digest'], pod);
    expect(strict.code).toBe(1);
    const findings = strict.report.resources[0]?.findings.map((finding) => `${finding.container} ${finding.rule}`).sort();
    expect(findings).toEqual(['a image-digest', 'a image-latest', 'a image-registry', 'b image-digest', 'b image-quarantine', 'c image-reference']);
  });

  it('writes SARIF 2.1.0 that the official schema accepts: one result per finding, rule ids, file and line', async () => {
    const schema = JSON.parse(await readFile(path.join(REPOSITORY_ROOT, 'src/scan/report/fixtures/sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormatsModule.default(ajv);
    const validate = ajv.compile({ ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema' && key !== 'id')), $id: String(schema.id) });
    const relative = path.relative(REPOSITORY_ROOT, NODE_EXPORTER);
    const result = await review([relative, ROOT_POD, '--pod-security', 'restricted', '--format', 'sarif']);
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout) as { version: string; runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; ruleIndex: number; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }> }> }> };
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    const [run] = log.runs;
    const json = await reviewJson([relative, ROOT_POD, '--pod-security', 'restricted']);
    expect(run?.results).toHaveLength(json.report.resources.flatMap((resource) => resource.findings).length);
    for (const item of run?.results ?? []) expect(run?.tool.driver.rules[item.ruleIndex]?.id).toBe(item.ruleId);
    expect(run?.results[0]?.locations[0]?.physicalLocation).toEqual({ artifactLocation: { uri: relative, uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } });
    expect(run?.results.some((item) => item.locations[0]?.physicalLocation.artifactLocation.uri.startsWith('file:///'))).toBe(true);
    // And when nothing is wrong: an empty, still valid log.
    const clean = await review([RESTRICTED_POD, '--format', 'sarif']);
    expect(clean.code).toBe(0);
    expect(validate(JSON.parse(clean.stdout)) ? [] : validate.errors).toEqual([]);
  });

  it('stops with exit 2, naming file and line, on malformed YAML, a missing file or a bad option', async () => {
    const broken = path.join(dir, 'broken.yaml');
    await writeFile(broken, `${text(RESTRICTED_POD)}---\napiVersion: v1\nkind: Pod\nmetadata: {name: [x\n`);
    const result = await review([broken]);
    expect(result.code).toBe(2);
    const [, line] = /^airlock: (?:.*):(\d+): not valid YAML: Flow sequence/.exec(result.stderr) ?? [];
    expect(result.stderr.startsWith(`airlock: ${broken}:`)).toBe(true);
    expect(Number(line)).toBeGreaterThan(text(RESTRICTED_POD).split('\n').length);
    expect(result.stdout).toBe('');
    expect((await review([path.join(dir, 'missing.yaml')])).stderr).toContain('no such file or directory');
    expect((await review([path.join(dir, 'missing.yaml')])).code).toBe(2);
    expect((await review([ROOT_POD, '--pod-security', 'strict'])).code).toBe(2);
    expect((await review([ROOT_POD, '--pod-security', 'restricted:1.30'])).code).toBe(2);
    expect((await review([ROOT_POD, '--format', 'xml'])).code).toBe(2);
  });
});

describe('airlock admission review --server (the image rules, with a real Airlock’s approved set)', () => {
  let airlock: TestAirlock;
  let viewer: Credentials;
  const layout = path.join(inject('testImagesDir'), 'oci');

  beforeAll(async () => {
    airlock = await startAirlock({ config: { gate: { workers: 1, pollInterval: '100ms', tick: '200ms' } } });
    await airlock.createTeam('acme');
    const ci = (await airlock.createToken('acme', 'ci')).token;
    viewer = await airlock.createUser('ci-review', 'viewer');
    await new VulnerabilityDatabase(airlock.server.database.db).update({ sources: [path.join(OSV, 'ghsa-npm-maven-rubygems/advisories')] });
    for (const [source, target] of [['debian', 'quarantine/acme/debian:12'], ['nodeapp', 'quarantine/acme/nodeapp:1.0']] as const) {
      await skopeo(['copy', '--dest-tls-verify=false', '--dest-creds', `ci:${ci}`, `oci:${layout}:${source}`, `docker://${airlock.host}/${target}`]);
    }
    for (const [ref, state] of [['quarantine/acme/debian:12', 'approved'], ['quarantine/acme/nodeapp:1.0', 'rejected']] as const) {
      await waitFor(`${ref} to be ${state}`, async () => (await airlock.api<{ state: string }>('GET', `/images/status?ref=${encodeURIComponent(ref)}`)).body.state === state || undefined, 90_000);
    }
  }, 240_000);
  afterAll(async () => {
    await airlock?.close();
  });

  const deployment = (name: string, image: string) => {
    const pod = parse(text(RESTRICTED_POD)) as { spec: { containers: Array<Record<string, unknown>>; initContainers?: unknown } };
    const spec = { ...pod.spec, containers: [{ ...pod.spec.containers[0], name: 'app', image }], initContainers: undefined };
    return stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec } } });
  };

  it('allows the approved image and denies the rejected one, with the gate’s reasons', async () => {
    const stream = [deployment('api', `${airlock.host}/acme/debian:12`), deployment('web', `${airlock.host}/acme/nodeapp:1.0`), deployment('public', 'docker.io/library/debian:12')].join('---\n');
    const env = { AIRLOCK_USERNAME: viewer.username, AIRLOCK_PASSWORD: viewer.password };
    const { code, report } = await reviewJson(['-', '--server', airlock.url, '--pod-security', 'restricted'], stream, env);
    expect(code).toBe(1);
    expect(report.imagesChecked).toBe(true);
    expect(rulesOf(report, 'api')).toEqual([]);
    const web = report.resources.find((resource) => resource.name === 'web');
    expect(web?.findings).toEqual([{ severity: 'error', rule: 'image-approved', container: 'app', message: expect.stringMatching(/is not approved: rejected for .*minimist/) }]);
    expect(rulesOf(report, 'public')).toEqual(['image-registry']);
    // AIRLOCK_SERVER works as --server does; the table names the rule and the container.
    const table = await review(['-', '--pod-security', 'restricted'], deployment('web', `${airlock.host}/acme/nodeapp:1.0`), { ...env, AIRLOCK_SERVER: airlock.url });
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/Deployment\/default\/web +app +deny +image-approved/);
    expect((await review(['-', '--server', airlock.url], deployment('api', `${airlock.host}/acme/debian:12`), env)).code).toBe(0);
  });

  it('exits 2 when the server cannot be read: no credentials, wrong credentials, unreachable', async () => {
    const pod = deployment('api', `${airlock.host}/acme/debian:12`);
    const none = await review(['-', '--server', airlock.url], pod);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('AIRLOCK_USERNAME');
    expect((await review(['-', '--server', airlock.url], pod, { AIRLOCK_USERNAME: viewer.username, AIRLOCK_PASSWORD: 'wrong-password' })).code).toBe(2);
    expect((await review(['-', '--server', 'http://127.0.0.1:9'], pod, { AIRLOCK_USERNAME: 'a', AIRLOCK_PASSWORD: 'b' })).code).toBe(2);
  });
});
