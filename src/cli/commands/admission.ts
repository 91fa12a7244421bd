/**
 * `airlock admission certs`: a CA and a serving certificate for the webhook's
 * Service, printing the caBundle for the webhook configuration.
 * `airlock admission serve`: the in-cluster webhook (admission.yaml), syncing
 * approved images from the Airlock server with a viewer account whose
 * credentials come from the environment.
 * `airlock admission review`: the same rules on manifests in CI (admission-review.ts).
 */
import type { Command } from 'commander';
import { CliError } from '../api-client.js';
import type { OutputOptions } from '../output.js';
import { registerAdmissionReview } from './admission-review.js';

interface CertsOptions {
  service: string;
  namespace: string;
  outDir: string;
  host?: string[];
  days?: string;
}

interface ServeOptions {
  config?: string;
  listen?: string;
}

export function registerAdmission(program: Command, env: Record<string, string | undefined>): void {
  const admission = program.command('admission').description('the Kubernetes admission webhook (validating and mutating)');
  admission
    .command('certs')
    .description('create a CA and a serving certificate for the webhook Service; prints the caBundle (base64 PEM) for the webhook configuration')
    .requiredOption('--service <name>', 'the webhook Service’s name')
    .requiredOption('--namespace <ns>', 'the namespace of the Service')
    .option('--out-dir <dir>', 'where ca.crt, ca.key, tls.crt and tls.key are written (an existing CA there is reused)', '.')
    .option('--host <name-or-ip...>', 'further DNS names or IP addresses for the certificate (repeatable)')
    .option('--days <n>', 'validity of the serving certificate in days', '825')
    .action(async (options: CertsOptions, command: Command) => {
      const output = command.optsWithGlobals<OutputOptions>();
      const days = Number(options.days);
      if (!Number.isInteger(days) || days < 1 || days > 3650) throw new CliError('--days expects a whole number of days from 1 to 3650', 'USAGE', 2);
      const { generateServingCertificates } = await import('../../admission/index.js');
      const result = await generateServingCertificates({ service: options.service, namespace: options.namespace, outDir: options.outDir, hosts: options.host, days });
      if (output.json) {
        console.log(JSON.stringify(result, null, 2));
        return;
      }
      console.error(`wrote ${result.certFile} and ${result.keyFile} for ${result.subjectAltNames.join(', ')} (CA ${result.caFile}${result.reusedCa ? ', reused' : ''})`);
      console.log(result.caBundle);
    });
  admission
    .command('serve')
    .description('run the webhook over HTTPS (POST /validate, /mutate; /healthz, /readyz, /metrics)')
    .option('-c, --config <file>', 'admission.yaml (AIRLOCK_ADMISSION_CONFIG)')
    .option('--listen <host:port>', 'address to listen on (default 0.0.0.0:8443)')
    .action(async (options: ServeOptions) => {
      const file = options.config ?? env.AIRLOCK_ADMISSION_CONFIG;
      if (!file) throw new CliError('give the webhook configuration: --config admission.yaml', 'USAGE', 2);
      const { loadAdmissionConfig } = await import('../../config/index.js');
      const config = loadAdmissionConfig(file, options.listen ? { listen: options.listen } : {});
      const username = env[config.airlock.usernameEnv];
      const password = env[config.airlock.passwordEnv];
      if (!username || !password) throw new CliError(`set ${config.airlock.usernameEnv} and ${config.airlock.passwordEnv} to a viewer account of ${config.airlock.url}`, 'USAGE', 2);
      const { createAdmissionServer } = await import('../../admission/index.js');
      const server = await createAdmissionServer({ config, credentials: { username, password }, inCluster: Boolean(env.KUBERNETES_SERVICE_HOST) });
      const separator = config.listen.lastIndexOf(':');
      await server.app.listen({ host: config.listen.slice(0, separator).replace(/^\[|\]$/g, ''), port: Number(config.listen.slice(separator + 1)) });
      const stop = () => void server.close().then(() => process.exit(0), () => process.exit(1));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  registerAdmissionReview(admission, env);
}
