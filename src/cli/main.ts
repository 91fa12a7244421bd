#!/usr/bin/env node
/** The `airlock` command. The only place that reads process.env and writes to the console. */
import { Command, CommanderError } from 'commander';
import { AirlockError } from '../errors/index.js';
import { clientFactory } from './client-factory.js';
import { registerAdmission } from './commands/admission.js';
import { registerAudit } from './commands/audit.js';
import { registerDb } from './commands/db.js';
import { registerExceptions } from './commands/exceptions.js';
import { registerImageStatus } from './commands/image-status.js';
import { registerMirror } from './commands/mirror.js';
import { registerPolicy } from './commands/policy.js';
import { registerRegistryAdmin } from './commands/registry-admin.js';
import { registerReport } from './commands/report.js';
import { registerScan } from './commands/scan.js';
import { registerServe } from './commands/serve.js';
import { registerTeams } from './commands/teams.js';
import { registerTokens } from './commands/tokens.js';
import { registerUsers } from './commands/users.js';
import { registerWebhooks } from './commands/webhooks.js';
import { VERSION } from './version.js';

export function buildProgram(env: Record<string, string | undefined>): Command {
  const program = new Command('airlock')
    .description('Airlock: the gate for container images on their way into Kubernetes')
    .version(VERSION)
    .option('--server <url>', 'Airlock server for client commands (AIRLOCK_SERVER, default http://127.0.0.1:5050)')
    .option('--json', 'print machine-readable JSON')
    .showHelpAfterError()
    .exitOverride();
  const client = clientFactory(env);
  registerServe(program, env);
  registerTeams(program, client);
  registerUsers(program, client);
  registerTokens(program, client);
  registerRegistryAdmin(program, client);
  registerImageStatus(program, client);
  registerReport(program, client);
  registerWebhooks(program, client);
  registerPolicy(program, client);
  registerMirror(program, client);
  registerAudit(program, client);
  registerExceptions(program, client);
  registerDb(program, env);
  registerScan(program, env);
  registerAdmission(program, env);
  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram(process.env).parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
    if (error instanceof AirlockError) {
      console.error(`airlock: ${error.message}${error.code ? ` [${error.code}]` : ''}`);
      process.exit(error.code === 'USAGE' ? 2 : 1);
    }
    console.error('airlock: unexpected failure', error);
    process.exit(70);
  }
}

await main();
