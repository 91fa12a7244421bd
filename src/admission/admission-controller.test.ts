/** The controller around the decisions: raw bodies in, metrics counted, decisions audited, failures contained. */
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { AIRLOCK, NOW, POD, loadedSet, pod, request, review, testSettings } from './admission-harness.js';
import { JsonLinesAuditSink, QueuedAuditSink, auditEntryOf, type AdmissionAuditRecord } from './admission-audit.js';
import { AdmissionController } from './admission-controller.js';
import { createAdmissionMetrics } from './admission-metrics.js';
import type { AdmissionSettings } from './admission-settings.js';
import { StaticNamespaceLabels, type NamespaceLabelSource } from './namespace-labels.js';

function controller(options: { settings?: AdmissionSettings; random?: number; namespaces?: NamespaceLabelSource } = {}) {
  const registry = new Registry();
  const set = loadedSet();
  const records: AdmissionAuditRecord[] = [];
  const instance = new AdmissionController({
    settings: options.settings ?? testSettings({ audit: { allowSampleRate: 0.5 } }),
    set,
    namespaces: options.namespaces ?? new StaticNamespaceLabels({}),
    clock: () => NOW,
    metrics: createAdmissionMetrics(registry, set, () => NOW + 2000),
    audit: { record: (record) => records.push(record) },
    random: () => options.random ?? 0.9,
  });
  return { instance, registry, records };
}

const allowedPod = review(request(POD, pod([{ name: 'a', image: `${AIRLOCK}/acme/api:1.0` }])));
const deniedPod = review(request(POD, pod([{ name: 'a', image: `${AIRLOCK}/acme/api:0.9` }, { name: 'b', image: 'nginx' }])));

describe('AdmissionController', () => {
  it('counts decisions by operation, outcome and rule, and their latency', async () => {
    const { instance, registry } = controller();
    instance.handle('validate', allowedPod);
    instance.handle('validate', deniedPod);
    instance.handle('mutate', allowedPod);
    instance.handle('validate', '{"truncated":');
    const text = await registry.metrics();
    expect(text).toContain('airlock_admission_decisions_total{operation="validate",outcome="allowed",rule=""} 1');
    expect(text).toContain('airlock_admission_decisions_total{operation="validate",outcome="denied",rule="image-approved"} 1');
    expect(text).toContain('airlock_admission_decisions_total{operation="validate",outcome="denied",rule="image-registry"} 1');
    expect(text).toContain('airlock_admission_decisions_total{operation="mutate",outcome="patched",rule=""} 1');
    expect(text).toContain('airlock_admission_decisions_total{operation="validate",outcome="invalid",rule="review"} 1');
    expect(text).toContain('airlock_admission_duration_seconds_count{operation="validate"} 3');
    expect(text).toContain('airlock_admission_cache_images 6');
    expect(text).toContain('airlock_admission_cache_age_seconds 2');
  });

  it('audits every denial and samples allowed requests', () => {
    const sampledOut = controller({ random: 0.9 });
    sampledOut.instance.handle('validate', allowedPod);
    sampledOut.instance.handle('validate', deniedPod);
    expect(sampledOut.records).toEqual([
      expect.objectContaining({ operation: 'validate', uid: 'uid-1', allowed: false, outcome: 'denied', kind: 'v1/Pod', namespace: 'team-a', name: 'p', user: 'alice', violations: [expect.objectContaining({ rule: 'image-approved' }), expect.objectContaining({ rule: 'image-registry' })] }),
    ]);
    const sampledIn = controller({ random: 0.1 });
    sampledIn.instance.handle('validate', allowedPod);
    sampledIn.instance.handle('mutate', allowedPod);
    expect(sampledIn.records.map((record) => `${record.operation} ${record.outcome}`)).toEqual(['validate allowed', 'mutate patched']);
    expect(sampledIn.records[1]?.details).toEqual({ rewrites: [expect.objectContaining({ why: 'pin' })] });
  });

  it('answers per the failure mode when a check itself fails, never throwing', () => {
    const broken: NamespaceLabelSource = {
      labels() {
        throw new Error('label source broke');
      },
    };
    const closed = controller({ namespaces: broken }).instance.handle('validate', allowedPod);
    expect(closed.response).toMatchObject({ uid: 'uid-1', allowed: false, status: { message: 'Airlock could not check this request (label source broke); failing closed' } });
    const open = controller({ namespaces: broken, settings: testSettings({ failureMode: 'open' }) }).instance.handle('validate', allowedPod);
    expect(open.response).toMatchObject({ uid: 'uid-1', allowed: true, warnings: ['Airlock could not check this request (label source broke); allowed because the failure mode is open'] });
  });

  it('answers a body over the limit with a refusal naming it', () => {
    expect(controller().instance.tooLarge('validate', 1024).response).toMatchObject({ allowed: false, status: { code: 400, message: expect.stringContaining('larger than 1024 bytes') } });
  });
});

describe('audit sinks', () => {
  const record: AdmissionAuditRecord = { at: NOW, operation: 'validate', uid: 'u', allowed: false, outcome: 'denied', kind: 'apps/v1/Deployment', namespace: 'ns', name: 'web', user: 'alice', violations: [{ rule: 'image-approved', message: 'm' }], warnings: [], podSecurityAudit: [] };

  it('writes one JSON line per record', () => {
    const lines: string[] = [];
    new JsonLinesAuditSink((line) => lines.push(line)).record(record);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ type: 'airlock.admission', time: '2025-06-01T12:00:00.000Z', uid: 'u', outcome: 'denied' });
  });

  it('maps records to audit-trail entries', () => {
    expect(auditEntryOf(record)).toEqual({ actor: 'k8s:alice', action: 'admission.denied', target: 'ns/apps/v1/Deployment/web', details: { operation: 'validate', uid: 'u', allowed: false, outcome: 'denied', kind: 'apps/v1/Deployment', violations: [{ rule: 'image-approved', message: 'm' }], warnings: [], podSecurityAudit: [] } });
    expect(auditEntryOf({ ...record, user: undefined, name: undefined, namespace: undefined })).toMatchObject({ actor: 'k8s:unknown', target: '(cluster)/apps/v1/Deployment/(generated name)' });
  });

  it('appends one at a time and drops, counted, past its bound', async () => {
    const written: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let dropped = 0;
    const sink = new QueuedAuditSink(
      async (entry) => {
        await gate;
        written.push(entry.uid);
      },
      { maxPending: 2, onDrop: () => (dropped += 1) },
    );
    for (const uid of ['a', 'b', 'c']) sink.record({ ...record, uid });
    expect(dropped).toBe(1);
    release();
    await sink.flush();
    expect(written).toEqual(['a', 'b']);
  });
});
