/** `airlock serve`: runs Airlock on the configuration (embedded defaults: SQLite and local files). */
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';

export function registerServe(program: Command, env: Record<string, string | undefined>): void {
  program
    .command('serve')
    .description('start the Airlock server (registry, API) on the configured address')
    .option('-c, --config <file>', 'airlock.yaml to read')
    .option('--listen <host:port>', 'address to listen on (AIRLOCK_LISTEN)')
    .option('--data-dir <dir>', 'where the database and blobs live (AIRLOCK_DATA_DIR)')
    .action(async (options: { config?: string; listen?: string; dataDir?: string }) => {
      const overrides: Record<string, unknown> = {};
      if (options.listen) overrides.listen = options.listen;
      if (options.dataDir) overrides.dataDir = options.dataDir;
      const config = loadConfig({ file: options.config ?? env.AIRLOCK_CONFIG, env, overrides });
      const { createServer } = await import('../../server/index.js');
      const server = await createServer(config, { environment: (name) => process.env[name] });
      const separator = config.listen.lastIndexOf(':');
      const host = config.listen.slice(0, separator).replace(/^\[|\]$/g, '');
      await server.app.listen({ host, port: Number(config.listen.slice(separator + 1)) });
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        server.app.log.info({ signal }, 'shutting down');
        server.close().then(
          () => process.exit(0),
          (error: unknown) => {
            server.app.log.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
