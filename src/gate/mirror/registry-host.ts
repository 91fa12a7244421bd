/**
 * Upstream registry hosts (`host[:port]`) in one canonical spelling, and their
 * encoding as one repository-name component for `mirror/<host>/<path>`.
 *
 * Canonical: lowercased; Docker Hub's alias `index.docker.io` is `docker.io`;
 * a port without leading zeros; IPv6 in brackets, compressed as RFC 5952 says
 * (what WHATWG URL serialises: `[0:0::1]` → `[::1]`).
 *
 * Encoding (reversible, because DNS names and IPv4 addresses never hold `_`):
 *   registry.example        → registry.example
 *   registry.example:5000   → registry.example_5000      (one `_` before the port)
 *   [::1]:5000              → ip6__0-0-0-0-0-0-0-1_5000  (`ip6__`, all eight groups joined by `-`)
 * Repository names may not hold `:`, `[` or `]`, and a component may neither
 * start with a separator nor put two in a row, so an IPv6 address is written
 * out in full rather than with `::`.
 */
import { isIPv6 } from 'node:net';
import { DOCKER_HUB } from '../../oci/index.js';

export interface RegistryHost {
  /** Lowercased DNS name or IPv4 address, or an IPv6 address in brackets (`[::1]`). */
  name: string;
  port?: number;
}

const DOCKER_HUB_ALIASES = new Set([DOCKER_HUB, 'index.docker.io']);
const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const DNS_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const MAX_DNS_NAME = 253;
const PORT = /^\d{1,5}$/;
const IPV6_PREFIX = 'ip6__';
const HEX_GROUP = /^[0-9a-f]{1,4}$/;

export const REGISTRY_HOST_HELP = 'a registry host such as registry.example, registry.example:5000 or [::1]:5000 (no scheme, no path)';

/** Reads `host[:port]` into its canonical form; the error says what is wrong with it. */
export function parseRegistryHost(text: string): RegistryHost | { error: string } {
  if (text.includes('/')) return { error: `"${text}" is not ${REGISTRY_HOST_HELP}` };
  const bracketed = /^\[([^\]]*)\](?::([^:]*))?$/.exec(text);
  const plain = bracketed ? undefined : /^([^:[\]]*)(?::([^:]*))?$/.exec(text);
  if (!bracketed && !plain) {
    return { error: text.includes('::') ? `"${text}": write an IPv6 host in brackets, such as [::1]:5000` : `"${text}" is not ${REGISTRY_HOST_HELP}` };
  }
  const [, rawName = '', rawPort] = bracketed ?? plain ?? [];
  const port = parsePort(rawPort);
  if (typeof port === 'string') return { error: `"${text}": ${port}` };
  const written = bracketed ? canonicalIpv6(rawName) : canonicalDnsName(rawName);
  const name = written !== undefined && port === undefined && DOCKER_HUB_ALIASES.has(written) ? DOCKER_HUB : written;
  if (name === undefined) return { error: bracketed ? `"${text}": not an IPv6 address` : `"${text}" is not ${REGISTRY_HOST_HELP}` };
  return port === undefined ? { name } : { name, port };
}

/** `name[:port]`. */
export function formatRegistryHost(host: RegistryHost): string {
  return host.port === undefined ? host.name : `${host.name}:${host.port}`;
}

/** The canonical spelling of `host[:port]`, or undefined when it is not a registry host. */
export function canonicalRegistryHost(text: string): string | undefined {
  const host = parseRegistryHost(text);
  return 'error' in host ? undefined : formatRegistryHost(host);
}

export function encodeHostComponent(host: RegistryHost): string {
  const name = host.name.startsWith('[') ? IPV6_PREFIX + expandIpv6(host.name.slice(1, -1)).join('-') : host.name;
  return host.port === undefined ? name : `${name}_${host.port}`;
}

/** The inverse of encodeHostComponent; undefined for a component it cannot have written. */
export function decodeHostComponent(component: string): RegistryHost | undefined {
  if (component !== component.toLowerCase()) return undefined;
  const ipv6 = component.startsWith(IPV6_PREFIX);
  const rest = ipv6 ? component.slice(IPV6_PREFIX.length) : component;
  const underscore = rest.lastIndexOf('_');
  const rawName = underscore < 0 ? rest : rest.slice(0, underscore);
  const port = parsePort(underscore < 0 ? undefined : rest.slice(underscore + 1));
  if (typeof port === 'string') return undefined;
  let name: string | undefined;
  if (ipv6) {
    const groups = rawName.split('-');
    name = groups.length === 8 && groups.every((group) => HEX_GROUP.test(group)) ? canonicalIpv6(groups.join(':')) : undefined;
  } else {
    name = canonicalDnsName(rawName);
  }
  if (name === undefined) return undefined;
  return port === undefined ? { name } : { name, port };
}

function parsePort(text: string | undefined): number | undefined | string {
  if (text === undefined) return undefined;
  const port = PORT.test(text) ? Number(text) : NaN;
  return port >= 1 && port <= 65_535 ? port : 'a port is a number from 1 to 65535';
}

function canonicalDnsName(text: string): string | undefined {
  const name = text.toLowerCase();
  return name.length <= MAX_DNS_NAME && DNS_NAME.test(name) ? name : undefined;
}

/** `[…]` in RFC 5952 form; zones (`%eth0`) are refused, as references cannot carry them. */
function canonicalIpv6(text: string): string | undefined {
  if (!isIPv6(text) || text.includes('%')) return undefined;
  return new URL(`http://[${text}]/`).hostname;
}

/** The eight groups of a canonical (hex-only) IPv6 address, `::` filled with zeros. */
function expandIpv6(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  if (tail === undefined) return left;
  const right = tail === '' ? [] : tail.split(':');
  return [...left, ...Array.from({ length: 8 - left.length - right.length }, () => '0'), ...right];
}
