/**
 * The approved-image feed read from an Airlock server over HTTP(S) with a
 * viewer account: bounded in time (timeout) and size (a server gone wrong
 * cannot fill the webhook's memory), validated before the cache sees it.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AdmissionError } from './admission-error.js';
import { feedPageSchema, type ApprovedImageFeed, type FeedPage } from './feed-page.js';

export interface HttpFeedOptions {
  /** The Airlock server, e.g. https://airlock.example.com (no /api/v1). */
  url: string;
  username: string;
  password: string;
  /** PEM CA bundle for the server's certificate; the system's when absent. */
  ca?: Buffer;
  timeoutMs: number;
  /** Largest response read; default 256 MiB. */
  maxBytes?: number;
}

export class HttpFeed implements ApprovedImageFeed {
  private readonly authorization: string;

  constructor(private readonly options: HttpFeedOptions) {
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  }

  snapshot(): Promise<FeedPage> {
    return this.get('/api/v1/admission/snapshot');
  }

  changes(cursor: string): Promise<FeedPage> {
    return this.get(`/api/v1/admission/changes?since=${encodeURIComponent(cursor)}`);
  }

  private async get(path: string): Promise<FeedPage> {
    const { status, body } = await this.fetch(new URL(path, `${this.options.url}/`));
    if (status !== 200) throw new AdmissionError('FEED_UNAVAILABLE', `GET ${path} answered ${status}: ${errorMessage(body)}`);
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new AdmissionError('FEED_INVALID', `GET ${path} did not answer JSON`, { cause: error });
    }
    const parsed = feedPageSchema.safeParse(value);
    if (!parsed.success) throw new AdmissionError('FEED_INVALID', `GET ${path} answered an unexpected document: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }

  private fetch(url: URL): Promise<{ status: number; body: Buffer }> {
    const maxBytes = this.options.maxBytes ?? 256 * 1024 * 1024;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const fail = (message: string, cause?: unknown) => reject(new AdmissionError('FEED_UNAVAILABLE', `${url.origin}: ${message}`, { cause }));
      const request = send(url, { method: 'GET', headers: { authorization: this.authorization, accept: 'application/json' }, ca: this.options.ca, timeout: this.options.timeoutMs }, (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= maxBytes) return void chunks.push(chunk);
          fail(`the response is larger than ${maxBytes} bytes`);
          request.destroy();
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
        response.on('error', (error) => fail(error.message, error));
      });
      // The socket timeout is per inactivity; the deadline bounds the whole exchange.
      const abandon = (message: string) => {
        fail(message);
        request.destroy();
      };
      const deadline = setTimeout(() => abandon(`no complete answer within ${this.options.timeoutMs} ms`), this.options.timeoutMs);
      request.on('close', () => clearTimeout(deadline));
      request.on('timeout', () => abandon(`no answer within ${this.options.timeoutMs} ms`));
      request.on('error', (error) => fail(error.message, error));
      request.end();
    });
  }
}

function errorMessage(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') return parsed.error.message;
  } catch {
    // not the API's JSON error: show the start of the text instead
  }
  return body.toString('utf8').slice(0, 200) || '(empty body)';
}
