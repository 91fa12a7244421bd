/** The CLI's client for a running server's REST API. Credentials come from the environment, never from flags (they would show in `ps`). */
import { AirlockError } from '../errors/index.js';

export class CliError extends AirlockError {
  constructor(message: string, code = 'CLI_ERROR', status = 1) {
    super(code, status, message);
  }
}

export interface ClientSettings {
  server: string;
  env: Record<string, string | undefined>;
}

export class ApiClient {
  private readonly authorization: string;

  constructor(private readonly settings: ClientSettings) {
    const { AIRLOCK_TOKEN: token, AIRLOCK_USERNAME: username, AIRLOCK_PASSWORD: password } = settings.env;
    if (token) this.authorization = `Bearer ${token}`;
    else if (username && password) this.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    else throw new CliError('no credentials: set AIRLOCK_USERNAME and AIRLOCK_PASSWORD, or AIRLOCK_TOKEN', 'CREDENTIALS_MISSING');
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /** A GET whose body is streamed to the caller (JSON Lines exports) instead of parsed. */
  async stream(path: string): Promise<ReadableStream<Uint8Array>> {
    // No overall time limit: an export of a long trail may take a while; it is streaming all along.
    const response = await this.send('GET', path, undefined, null);
    if (!response.body) throw new CliError(`the server sent no body for ${path}`, 'EMPTY_RESPONSE');
    return response.body;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    const text = await response.text();
    return (text ? safeJson(text) : undefined) as T;
  }

  /** Sends the request; a response that is not 2xx becomes a CliError carrying the API's code and message. */
  private async send(method: string, path: string, body?: unknown, timeoutMs: number | null = 120_000): Promise<Response> {
    const url = `${this.settings.server.replace(/\/+$/, '')}/api/v1${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: this.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: timeoutMs === null ? undefined : AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new CliError(`cannot reach Airlock at ${this.settings.server} (${reason}); is it running? set --server or AIRLOCK_SERVER`, 'SERVER_UNREACHABLE');
    }
    if (response.ok) return response;
    const text = await response.text();
    const payload = text ? (safeJson(text) as { error?: { code?: string; message?: string } }) : undefined;
    const message = payload?.error?.message ?? `${response.status} ${response.statusText}`;
    throw new CliError(message, payload?.error?.code ?? `HTTP_${response.status}`);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { message: text.slice(0, 500) } };
  }
}
