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

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.settings.server.replace(/\/+$/, '')}/api/v1${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: this.authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(120_000),
      });
    } catch (error) {
      const reason = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new CliError(`cannot reach Airlock at ${this.settings.server} (${reason}); is it running? set --server or AIRLOCK_SERVER`, 'SERVER_UNREACHABLE');
    }
    const text = await response.text();
    const payload = text ? (safeJson(text) as { error?: { code?: string; message?: string } }) : undefined;
    if (!response.ok) {
      const message = payload?.error?.message ?? `${response.status} ${response.statusText}`;
      throw new CliError(message, payload?.error?.code ?? `HTTP_${response.status}`);
    }
    return payload as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { message: text.slice(0, 500) } };
  }
}
