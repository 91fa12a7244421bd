/**
 * Where a namespace's labels come from. An AdmissionReview for a Pod does not
 * carry its namespace's labels, but Pod Security levels live there
 * (`pod-security.kubernetes.io/enforce: restricted`). Two sources:
 *   - static: a map from configuration and/or a YAML file (namespace → labels);
 *   - live: the cluster's Namespace objects, watched through the Kubernetes API
 *     (kubernetes-namespace-watch.ts), for the in-cluster Deployment.
 * Lookups are synchronous: the request path never waits on the API server.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AdmissionError } from './admission-error.js';

export interface NamespaceLabelSource {
  /** The namespace's labels, or undefined when the source does not know the namespace. */
  labels(namespace: string): Readonly<Record<string, string>> | undefined;
}

const labelFileSchema = z.record(z.string().min(1), z.record(z.string(), z.string()));

export class StaticNamespaceLabels implements NamespaceLabelSource {
  private readonly byNamespace: ReadonlyMap<string, Readonly<Record<string, string>>>;

  constructor(labels: Readonly<Record<string, Readonly<Record<string, string>>>>) {
    this.byNamespace = new Map(Object.entries(labels));
  }

  /** Reads `namespace: {label: value}` from a YAML (or JSON) file; inline entries win over the file's. */
  static fromFile(file: string, inline: Readonly<Record<string, Readonly<Record<string, string>>>> = {}): StaticNamespaceLabels {
    let document: unknown;
    try {
      document = parseYaml(readFileSync(file, 'utf8')) ?? {};
    } catch (error) {
      throw new AdmissionError('NAMESPACES_INVALID', `namespace labels file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
    }
    const parsed = labelFileSchema.safeParse(document);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AdmissionError('NAMESPACES_INVALID', `namespace labels file ${file}: ${issue?.path.join('.') || '(document)'}: ${issue?.message ?? 'invalid'}; expected namespace: {label: value}`);
    }
    return new StaticNamespaceLabels({ ...parsed.data, ...inline });
  }

  labels(namespace: string): Readonly<Record<string, string>> | undefined {
    return this.byNamespace.get(namespace);
  }
}

/** Asks each source in turn; the first that knows the namespace answers (the live watch before static defaults). */
export class LayeredNamespaceLabels implements NamespaceLabelSource {
  constructor(private readonly sources: readonly NamespaceLabelSource[]) {}

  labels(namespace: string): Readonly<Record<string, string>> | undefined {
    for (const source of this.sources) {
      const labels = source.labels(namespace);
      if (labels) return labels;
    }
    return undefined;
  }
}
