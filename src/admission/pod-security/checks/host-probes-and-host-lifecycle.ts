/**
 * hostProbesAndHostLifecycle (baseline, v1.34+): a probe or lifecycle handler with a `host` makes the kubelet
 * connect to an arbitrary address from the node (SSRF). Upstream: policy/check_hostProbesAndhostLifecycle.go.
 * Restricted fields {liveness,readiness,startup}Probe.{httpGet,tcpSocket}.host and
 * lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host of every container; allowed values "" or unset.
 */
import {
  ALLOWED,
  forbidden,
  joinQuote,
  pluralize,
  sortedSet,
  type CheckOutcome,
  type PodSecurityCheck,
  type PodView,
} from '../check.js';
import type { Container } from '../pod-schema.js';
import { visitContainers } from '../containers.js';

type Handler = Container['livenessProbe'];

function handlerHosts(handler: Handler): string[] {
  if (!handler) return [];
  return [handler.httpGet?.host, handler.tcpSocket?.host].filter((host): host is string => Boolean(host));
}

function containerHosts(container: Container): string[] {
  return [
    container.livenessProbe,
    container.readinessProbe,
    container.startupProbe,
    container.lifecycle?.postStart,
    container.lifecycle?.preStop,
  ].flatMap(handlerHosts);
}

function hostProbesAndHostLifecycleV1Dot34({ spec }: PodView): CheckOutcome {
  const badContainers: string[] = [];
  const hosts: string[] = [];
  for (const { name, container } of visitContainers(spec)) {
    const found = containerHosts(container);
    if (found.length > 0) {
      badContainers.push(name);
      hosts.push(...found);
    }
  }
  if (badContainers.length === 0) return ALLOWED;
  const containers = sortedSet(badContainers);
  const distinctHosts = sortedSet(hosts);
  return forbidden(
    'probe or lifecycle host',
    `${pluralize('container', 'containers', containers.length)} ${joinQuote(containers)} ` +
      `${pluralize('uses', 'use', containers.length)} ` +
      `${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', distinctHosts.length)} ${joinQuote(distinctHosts)}`,
  );
}

export const hostProbesAndHostLifecycle: PodSecurityCheck = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  revisions: [{ minor: 34, evaluate: hostProbesAndHostLifecycleV1Dot34 }],
};
