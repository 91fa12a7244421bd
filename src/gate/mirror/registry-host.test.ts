import { describe, expect, it } from 'vitest';
import { canonicalRegistryHost, decodeHostComponent, encodeHostComponent, parseRegistryHost } from './registry-host.js';

describe('parseRegistryHost', () => {
  it.each([
    ['registry.example', 'registry.example'],
    ['Registry.Example:5000', 'registry.example:5000'],
    ['registry.example:05000', 'registry.example:5000'],
    ['index.docker.io', 'docker.io'],
    ['docker.io', 'docker.io'],
    ['localhost:5000', 'localhost:5000'],
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]:5000', '[::1]:5000'],
    ['[0:0:0:0:0:0:0:1]', '[::1]'],
    ['[FE80::A]', '[fe80::a]'],
    ['[::ffff:1.2.3.4]', '[::ffff:102:304]'],
  ])('%s is %s', (text, canonical) => {
    expect(canonicalRegistryHost(text)).toBe(canonical);
  });

  it.each([
    ['https://registry.example', 'no scheme'],
    ['registry.example/path', 'no scheme, no path'],
    ['registry.example:0', 'port'],
    ['registry.example:65536', 'port'],
    ['registry.example:http', 'port'],
    ['-bad.example', 'registry host'],
    ['a..b', 'registry host'],
    ['under_score.example', 'registry host'],
    ['::1', 'brackets'],
    ['[::1%eth0]', 'not an IPv6 address'],
    ['[registry.example]', 'not an IPv6 address'],
    ['', 'registry host'],
  ])('refuses %s', (text, message) => {
    const host = parseRegistryHost(text);
    expect('error' in host && host.error).toContain(message);
  });
});

describe('host components', () => {
  it.each([
    ['registry.example', 'registry.example'],
    ['registry.example:5000', 'registry.example_5000'],
    ['[::1]:5000', 'ip6__0-0-0-0-0-0-0-1_5000'],
    ['[fe80::]', 'ip6__fe80-0-0-0-0-0-0-0'],
    ['[1:2:3:4:5:6:7:8]', 'ip6__1-2-3-4-5-6-7-8'],
  ])('%s is written %s and read back', (text, component) => {
    const host = parseRegistryHost(text);
    if ('error' in host) throw new Error(host.error);
    expect(encodeHostComponent(host)).toBe(component);
    expect(decodeHostComponent(component)).toEqual(host);
  });

  it.each(['ip6__1-2-3', 'ip6__0--1', 'ip6__g-0-0-0-0-0-0-0', 'host_0', 'host_', 'a_1_2', 'Upper'])('does not read %s', (component) => {
    expect(decodeHostComponent(component)).toBeUndefined();
  });
});
