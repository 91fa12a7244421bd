/** Test receivers: real HTTP servers on loopback that record every webhook request. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  /** Date.now() when the body had arrived. */
  at: number;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  event: Record<string, unknown>;
}

/** The status to answer with; a promise delays (or, never settling, hangs) the answer. */
export type Responder = (request: ReceivedRequest, index: number) => number | Promise<number>;

export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly server: Server;
  private listeningPort = 0;

  private constructor(respond: Responder) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks);
        const received = { at: Date.now(), headers: req.headers, rawBody, event: JSON.parse(rawBody.toString('utf8')) as Record<string, unknown> };
        this.requests.push(received);
        void Promise.resolve(respond(received, this.requests.length - 1)).then((status) => {
          res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? `status ${status} on purpose` : 'ok');
        });
      });
    });
  }

  /** Listens on `port` (0: any free one) on 127.0.0.1. */
  static async start(respond: Responder = () => 200, port = 0): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(respond);
    await new Promise<void>((resolve, reject) => {
      receiver.server.once('error', reject);
      receiver.server.listen(port, '127.0.0.1', () => resolve());
    });
    receiver.listeningPort = (receiver.server.address() as AddressInfo).port;
    return receiver;
  }

  get port(): number {
    return this.listeningPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/airlock`;
  }

  eventIds(): string[] {
    return this.requests.map((request) => String(request.event.id));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A loopback port nobody listens on (yet): connections are refused. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise that never settles: a receiver that never answers. */
export function never(): Promise<number> {
  return new Promise<number>(() => undefined);
}

export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 5_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(10);
  }
}
