/** Parses an HTTP Authorization header value: Basic or Bearer. Shared by every HTTP surface. */
export type Credentials = { scheme: 'basic'; username: string; password: string } | { scheme: 'bearer'; token: string };

/** @returns undefined when the header is absent; 'malformed' when it cannot be read. */
export function parseAuthorization(header: string | undefined): Credentials | 'malformed' | undefined {
  if (!header) return undefined;
  const space = header.indexOf(' ');
  if (space <= 0) return 'malformed';
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'bearer' && value) return { scheme: 'bearer', token: value };
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return 'malformed';
    return { scheme: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return 'malformed';
}
