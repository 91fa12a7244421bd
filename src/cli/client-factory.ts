/** Builds an API client from the global `--server` option and the environment. */
import type { Command } from 'commander';
import { ApiClient } from './api-client.js';

export type ClientFactory = (command: Command) => ApiClient;

export function clientFactory(env: Record<string, string | undefined>): ClientFactory {
  return (command) => {
    const { server } = command.optsWithGlobals<{ server?: string }>();
    return new ApiClient({ server: server ?? env.AIRLOCK_SERVER ?? 'http://127.0.0.1:5050', env });
  };
}
