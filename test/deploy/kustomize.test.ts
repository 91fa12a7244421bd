/**
 * deploy/kubernetes, rendered as `kubectl apply -k` would (the real `kubectl
 * kustomize`): every overlay renders, holds the server and the webhook with
 * what a safe webhook needs (kube-system and Airlock's namespace excluded,
 * short time-outs, two replicas and a PodDisruptionBudget, read-only RBAC on
 * namespaces), ships configuration Airlock accepts, and passes
 * `airlock admission review` at the restricted level: we ship what we enforce.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { admissionServeSchema, configSchema } from '../../src/config/index.js';
import { runCli } from '../helpers/run-cli.js';
import { REPOSITORY_ROOT } from '../helpers/test-images.js';

const run = promisify(execFile);
const DEPLOY = path.join(REPOSITORY_ROOT, 'deploy/kubernetes');
const OVERLAYS = [
  { name: 'embedded', failurePolicy: 'Fail', failureMode: 'closed' },
  { name: 'fail-open', failurePolicy: 'Ignore', failureMode: 'open' },
] as const;

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

interface Webhook {
  name: string;
  failurePolicy: string;
  timeoutSeconds: number;
  sideEffects: string;
  admissionReviewVersions: string[];
  clientConfig: { service: { name: string; namespace: string; path: string }; caBundle?: string };
  namespaceSelector: { matchExpressions: Array<{ key: string; operator: string; values: string[] }> };
  rules: Array<{ apiGroups: string[]; resources: string[]; operations: string[] }>;
}

async function render(overlay: string): Promise<{ yaml: string; objects: K8sObject[] }> {
  const { stdout } = await run('kubectl', ['kustomize', path.join(DEPLOY, 'overlays', overlay)], { maxBuffer: 16 * 1024 * 1024 });
  const objects = parseAllDocuments(stdout).flatMap((document) => {
    expect(document.errors).toEqual([]);
    const value = document.toJS() as K8sObject | null;
    return value ? [value] : [];
  });
  return { yaml: stdout, objects };
}

const one = (objects: K8sObject[], kind: string, name?: string): K8sObject => {
  const found = objects.filter((object) => object.kind === kind && (name === undefined || object.metadata.name === name));
  expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
  return found[0] as K8sObject;
};

describe.each(OVERLAYS)('deploy/kubernetes/overlays/$name', (overlay) => {
  it('renders with kubectl kustomize into the server, the webhook and what they need', async () => {
    const { objects } = await render(overlay.name);
    const kinds = new Set(objects.map((object) => object.kind));
    for (const kind of ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Service', 'PersistentVolumeClaim', 'Deployment', 'PodDisruptionBudget', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
      expect(kinds, kind).toContain(kind);
    }
    expect(one(objects, 'Namespace').metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
    for (const object of objects.filter((item) => !['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'].includes(item.kind))) {
      expect(object.metadata.namespace, `${object.kind} ${object.metadata.name}`).toBe('airlock');
    }
    const server = one(objects, 'Deployment', 'airlock') as K8sObject & { spec: { replicas: number; template: { spec: { volumes: Array<{ name: string; persistentVolumeClaim?: { claimName: string }; emptyDir?: unknown }> } } } };
    expect(server.spec.replicas).toBe(1);
    const data = server.spec.template.spec.volumes.find((volume) => volume.name === 'data');
    expect(data).toEqual({ name: 'data', persistentVolumeClaim: { claimName: one(objects, 'PersistentVolumeClaim').metadata.name } });
    const webhook = one(objects, 'Deployment', 'airlock-webhook') as K8sObject & { spec: { replicas: number; template: { spec: { containers: Array<{ image: string }> } } } };
    expect(webhook.spec.replicas).toBe(2);
    expect(webhook.spec.template.spec.containers[0]?.image).toBe('airlock.example.com/platform/airlock:0.1.0');
    expect(one(objects, 'PodDisruptionBudget')).toMatchObject({ spec: { minAvailable: 1 } });
  });

  it('registers webhooks that spare kube-system and Airlock, answer quickly and fail as configured', async () => {
    const { objects } = await render(overlay.name);
    const validating = (one(objects, 'ValidatingWebhookConfiguration') as K8sObject & { webhooks: Webhook[] }).webhooks;
    const mutating = (one(objects, 'MutatingWebhookConfiguration') as K8sObject & { webhooks: Webhook[] }).webhooks;
    const service = one(objects, 'Service', 'airlock-webhook');
    for (const hook of [...validating, ...mutating]) {
      expect(hook.timeoutSeconds).toBeLessThanOrEqual(5);
      expect(hook.sideEffects).toBe('None');
      expect(hook.admissionReviewVersions).toEqual(['v1']);
      expect(hook.namespaceSelector.matchExpressions).toContainEqual({ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: expect.arrayContaining(['kube-system', 'airlock']) });
      expect(hook.clientConfig.service).toMatchObject({ name: service.metadata.name, namespace: 'airlock' });
      expect(hook.clientConfig.caBundle).toBeDefined();
      expect(hook.rules.flatMap((rule) => rule.resources)).toEqual(expect.arrayContaining(['pods', 'deployments', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs']));
      for (const rule of hook.rules) expect(rule.operations).toEqual(['CREATE', 'UPDATE']);
    }
    expect(validating.map((hook) => [hook.clientConfig.service.path, hook.failurePolicy])).toEqual([['/validate', overlay.failurePolicy]]);
    expect(mutating.map((hook) => [hook.clientConfig.service.path, hook.failurePolicy])).toEqual([['/mutate', 'Ignore']]);
    const role = one(objects, 'ClusterRole') as K8sObject & { rules: unknown[] };
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] }]);
    expect(one(objects, 'ClusterRoleBinding')).toMatchObject({ roleRef: { name: role.metadata.name }, subjects: [{ kind: 'ServiceAccount', name: 'airlock-webhook', namespace: 'airlock' }] });
  });

  it('ships configuration files that Airlock accepts', async () => {
    const { objects } = await render(overlay.name);
    const configMaps = objects.filter((object) => object.kind === 'ConfigMap') as Array<K8sObject & { data: Record<string, string> }>;
    const admissionYaml = configMaps.find((map) => map.data['admission.yaml'])?.data['admission.yaml'] ?? '';
    const admission = admissionServeSchema.parse(parseAllDocuments(admissionYaml)[0]?.toJS());
    expect(admission).toMatchObject({ failureMode: overlay.failureMode, namespaces: { watch: true }, tls: { certFile: '/certs/tls.crt' } });
    expect(admission.podSecurity.exemptions.namespaces).toEqual(['kube-system', 'airlock']);
    const serverYaml = configMaps.find((map) => map.data['airlock.yaml'])?.data['airlock.yaml'] ?? '';
    expect(configSchema.parse(parseAllDocuments(serverYaml)[0]?.toJS())).toMatchObject({ listen: '0.0.0.0:5050', dataDir: '/var/lib/airlock' });
  });

  it('passes `airlock admission review --pod-security restricted`, run as the real CLI on the rendered output', async () => {
    const { yaml } = await render(overlay.name);
    const result = await runCli(['admission', 'review', '-', '--pod-security', 'restricted', '--registry', 'airlock.example.com', '--format', 'json'], {}, yaml);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { summary: { checked: number; denied: number; warnings: number } };
    expect(report.summary).toMatchObject({ checked: 2, denied: 0, warnings: 0 });
    expect(result.code).toBe(0);
  });
});
