/**
 * Namespace labels kept current from the cluster: an informer (list, then
 * watch) on /api/v1/namespaces through @kubernetes/client-node, with the
 * in-cluster service account (or the local kubeconfig outside a cluster).
 * The client is imported only when a watch is configured, so `airlock serve`
 * and webhooks with static labels never load it.
 *
 * Not covered by the test suite: there is no API server here (the static
 * source is what the tests use). Needs RBAC: get, list, watch on namespaces.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { NamespaceLabelSource } from './namespace-labels.js';

const RESTART_DELAY_MS = 5_000;

export class KubernetesNamespaceWatch implements NamespaceLabelSource {
  private readonly byNamespace = new Map<string, Readonly<Record<string, string>>>();
  private stopInformer: (() => Promise<void>) | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  /** @param inCluster use the pod's service account (the CLI sees KUBERNETES_SERVICE_HOST); else the local kubeconfig. */
  constructor(
    private readonly inCluster: boolean,
    private readonly log?: FastifyBaseLogger,
  ) {}

  labels(namespace: string): Readonly<Record<string, string>> | undefined {
    return this.byNamespace.get(namespace);
  }

  /** Lists the namespaces, then follows changes; resolves after the first list. */
  async start(): Promise<void> {
    const k8s = await import('@kubernetes/client-node');
    const config = new k8s.KubeConfig();
    if (this.inCluster) config.loadFromCluster();
    else config.loadFromDefault();
    const core = config.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer<import('@kubernetes/client-node').V1Namespace>(config, '/api/v1/namespaces', () => core.listNamespace());
    const remember = (namespace: import('@kubernetes/client-node').V1Namespace) => {
      const name = namespace.metadata?.name;
      if (name) this.byNamespace.set(name, { ...(namespace.metadata?.labels ?? {}) });
    };
    informer.on('add', remember);
    informer.on('update', remember);
    informer.on('delete', (namespace) => void (namespace.metadata?.name && this.byNamespace.delete(namespace.metadata.name)));
    // The informer stops on errors (an expired watch, the API server restarting); start it again, labels kept meanwhile.
    informer.on('error', (error: unknown) => {
      this.log?.warn({ err: error }, 'namespace watch failed; restarting');
      if (!this.stopped) this.restartTimer = setTimeout(() => void informer.start().catch((failure: unknown) => this.log?.error({ err: failure }, 'namespace watch restart failed')), RESTART_DELAY_MS);
    });
    this.stopInformer = () => informer.stop();
    await informer.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.stopInformer?.();
  }
}
