/**
 * A small HTTP proxy in front of a real registry that misbehaves on request,
 * the way public registries and the networks in front of them do: it answers
 * 429 with Retry-After, announces rate-limit quotas, drops connections before
 * the headers or in the middle of a body, flips a byte of a body, and
 * redirects (as Docker Hub sends blobs to a CDN). It can also paginate tag
 * lists the way Docker Hub and distribution 3 do (`?n=&last=`, `Link: <…>;
 * rel="next"`), which distribution 2.8 does not. Every request is recorded,
 * so tests can count what reached the upstream and when.
 */
import { createServer, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';

export interface ProxiedRequest {
  method: string;
  path: string;
  /** ms since the epoch when the request arrived. */
  at: number;
  /** The Authorization header it carried, if any. */
  authorization?: string;
  range?: string;
  /** What the proxy did with it. */
  outcome: 'forwarded' | 'throttled' | 'dropped' | 'tampered' | 'redirected' | 'unauthorized';
}

/** Which requests a misbehaviour applies to, and how many of them. */
export interface RuleScope {
  /** Default: every request. */
  match?: (request: { method: string; path: string }) => boolean;
  /** How many matching requests are affected (default 1). */
  times?: number;
}

export interface FlakyProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `127.0.0.1:<port>` */
  host: string;
  readonly requests: ProxiedRequest[];
  /** Answers matching requests 429 (with `Retry-After: retryAfter` when given) without forwarding them. */
  throttle(options: RuleScope & { retryAfter?: string }): void;
  /** Destroys the connection of matching requests after `afterBytes` bytes of body (0: before any header is sent). */
  drop(options: RuleScope & { afterBytes: number }): void;
  /** Flips one byte in the middle of the first body chunk of matching responses. */
  tamper(options: RuleScope): void;
  /** Forwards matching requests without their Range header, as a registry that does not serve ranges would answer. */
  ignoreRange(options: RuleScope): void;
  /** Answers matching requests `307 Location: <origin><path>` instead of forwarding them. */
  redirect(options: RuleScope & { origin: string }): void;
  /** Adds `headers` to every forwarded response matching (e.g. RateLimit-Limit / RateLimit-Remaining); undefined removes them. */
  respondWith(headers: Record<string, string> | undefined, match?: RuleScope['match']): void;
  /**
   * Serves `/v2/<name>/tags/list` in pages of `?n=` (else `pageSize`) tags after `?last=`, with a
   * `Link: <…>; rel="next"` header while more follow, built from the upstream's full list.
   */
  paginateTags(pageSize: number): void;
  /** Answers requests without these Basic credentials `401 WWW-Authenticate: Basic`, as ECR and Harbor do; undefined stops. */
  requireBasic(credentials: { username: string; password: string } | undefined): void;
  /** Forgets recorded requests, pending misbehaviours, pagination and required credentials. */
  reset(): void;
  stop(): Promise<void>;
}

interface Rule<T> {
  match: (request: { method: string; path: string }) => boolean;
  left: number;
  options: T;
}

export async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  let throttles: Array<Rule<{ retryAfter?: string }>> = [];
  let drops: Array<Rule<{ afterBytes: number }>> = [];
  let tampers: Array<Rule<object>> = [];
  let redirects: Array<Rule<{ origin: string }>> = [];
  let rangeless: Array<Rule<object>> = [];
  let tagPageSize: number | undefined;
  let basic: string | undefined;
  let extra: { headers: Record<string, string>; match: (request: { method: string; path: string }) => boolean } | undefined;
  const take = <T>(rules: Array<Rule<T>>, request: { method: string; path: string }): T | undefined => {
    const rule = rules.find((candidate) => candidate.left > 0 && candidate.match(request));
    if (!rule) return undefined;
    rule.left -= 1;
    return rule.options;
  };
  const rule = <T>(scope: RuleScope, options: T): Rule<T> => ({ match: scope.match ?? (() => true), left: scope.times ?? 1, options });

  const server = createServer((incoming, response) => {
    const request = { method: incoming.method ?? 'GET', path: incoming.url ?? '/' };
    const record: ProxiedRequest = {
      ...request,
      at: Date.now(),
      ...(incoming.headers.authorization ? { authorization: incoming.headers.authorization } : {}),
      ...(incoming.headers.range ? { range: incoming.headers.range } : {}),
      outcome: 'forwarded',
    };
    requests.push(record);
    if (basic !== undefined && incoming.headers.authorization !== basic) {
      record.outcome = 'unauthorized';
      response.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="flaky-proxy"' });
      response.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
      return;
    }
    const throttle = take(throttles, request);
    if (throttle) {
      record.outcome = 'throttled';
      response.writeHead(429, { 'content-type': 'application/json', ...(throttle.retryAfter !== undefined ? { 'retry-after': throttle.retryAfter } : {}) });
      response.end(JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] }));
      return;
    }
    const redirect = take(redirects, request);
    if (redirect) {
      record.outcome = 'redirected';
      response.writeHead(307, { location: `${redirect.origin}${request.path}` });
      response.end();
      return;
    }
    const drop = take(drops, request);
    if (drop?.afterBytes === 0) {
      record.outcome = 'dropped';
      incoming.socket.destroy();
      return;
    }
    const tamper = take(tampers, request);
    if (drop) record.outcome = 'dropped';
    else if (tamper) record.outcome = 'tampered';
    const added = extra?.match(request) ? extra.headers : {};
    if (take(rangeless, request)) delete incoming.headers.range;
    const tagList = /^\/v2\/(.+)\/tags\/list(\?.*)?$/.exec(request.path);
    if (tagList && tagPageSize !== undefined) {
      servePage(response, upstream, tagList[1] as string, new URLSearchParams(tagList[2] ?? ''), tagPageSize, incoming.headers);
      return;
    }
    forward(incoming, response, upstream, { added, dropAfter: drop?.afterBytes, tamper: tamper !== undefined });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    throttle: (options) => throttles.push(rule(options, { retryAfter: options.retryAfter })),
    drop: (options) => drops.push(rule(options, { afterBytes: options.afterBytes })),
    tamper: (options) => tampers.push(rule(options, {})),
    paginateTags: (pageSize) => (tagPageSize = pageSize),
    requireBasic: (credentials) => (basic = credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : undefined),
    ignoreRange: (options) => rangeless.push(rule(options, {})),
    redirect: (options) => redirects.push(rule(options, { origin: options.origin })),
    respondWith: (headers, match) => (extra = headers ? { headers, match: match ?? (() => true) } : undefined),
    reset() {
      requests.length = 0;
      throttles = [];
      drops = [];
      tampers = [];
      redirects = [];
      rangeless = [];
      tagPageSize = undefined;
      basic = undefined;
      extra = undefined;
    },
    stop: () => closeServer(server),
  };
}

function forward(incoming: IncomingMessage, response: ServerResponse, upstream: URL, how: { added: Record<string, string>; dropAfter?: number; tamper: boolean }): void {
  const headers: OutgoingHttpHeaders = { ...incoming.headers, host: upstream.host };
  const outgoing = httpRequest({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...how.added });
    let sent = 0;
    let tampered = !how.tamper;
    answer.on('data', (chunk: Buffer) => {
      let body = chunk;
      if (!tampered && body.length > 0) {
        body = Buffer.from(body);
        const at = Math.floor(body.length / 2);
        body[at] = (body[at] as number) ^ 0xff;
        tampered = true;
      }
      if (how.dropAfter !== undefined && sent + body.length >= how.dropAfter) {
        response.write(body.subarray(0, how.dropAfter - sent), () => response.socket?.destroy());
        sent = how.dropAfter;
        answer.destroy();
        return;
      }
      sent += body.length;
      if (!response.write(body)) {
        answer.pause();
        response.once('drain', () => answer.resume());
      }
    });
    answer.on('end', () => response.end());
    answer.on('error', () => response.destroy());
  });
  outgoing.on('error', () => response.destroy());
  incoming.pipe(outgoing);
}

/** One page of the upstream's (unpaginated) tag list, in its order, as distribution 3 pages it. */
function servePage(response: ServerResponse, upstream: URL, name: string, query: URLSearchParams, pageSize: number, headers: IncomingMessage['headers']): void {
  const n = Number(query.get('n') ?? pageSize);
  const last = query.get('last');
  fetch(new URL(`/v2/${name}/tags/list`, upstream), { headers: headers.authorization ? { authorization: headers.authorization } : {} })
    .then(async (answer) => {
      if (!answer.ok) {
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        response.end(Buffer.from(await answer.arrayBuffer()));
        return;
      }
      const all = ((await answer.json()) as { tags?: string[] | null }).tags ?? [];
      const start = last === null ? 0 : all.indexOf(last) + 1;
      const page = all.slice(start, start + n);
      const more = start + n < all.length;
      response.writeHead(200, {
        'content-type': 'application/json',
        ...(more ? { link: `</v2/${name}/tags/list?n=${n}&last=${encodeURIComponent(page[page.length - 1] ?? '')}>; rel="next"` } : {}),
      });
      response.end(JSON.stringify({ name, tags: page }));
    })
    .catch(() => response.destroy());
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
