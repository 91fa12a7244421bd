/**
 * `airlock report <ref>`: downloads the report the gate stored when it judged an
 * image — the HTML page people open, the JSON report, or SARIF/JUnit/SBOMs
 * rendered from it — for CI to keep as an artifact. Streams, so a large SBOM
 * never sits in memory.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { CliError } from '../api-client.js';
import type { ClientFactory } from '../client-factory.js';

/** The formats GET /images/{id}/report serves (gate IMAGE_REPORT_FORMATS); the server checks again. */
const FORMATS = ['html', 'json', 'sarif', 'junit', 'cyclonedx', 'spdx'] as const;

interface Status {
  id: string;
  state: string;
  reports?: { html: string; json: string };
}

export function registerReport(program: Command, client: ClientFactory): void {
  program
    .command('report <ref>')
    .description('download the report the gate stored for an image (for CI artifacts): html, json, sarif, junit, cyclonedx or spdx')
    .addOption(new Option('--format <format>', 'report format').choices(FORMATS).default('html'))
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action(async (ref: string, options: { format: string; output?: string }, command: Command) => {
      const api = client(command);
      const status = await api.get<Status>(`/images/status?ref=${encodeURIComponent(ref)}`);
      if (!status.reports) throw new CliError(`${ref} has no report yet (state ${status.state}); \`airlock wait ${ref}\` waits for the verdict`, 'NOT_FOUND');
      const body = await api.stream(`/images/${encodeURIComponent(status.id)}/report?format=${options.format}`);
      await pipeline(Readable.fromWeb(body), options.output ? createWriteStream(options.output) : process.stdout);
    });
}
