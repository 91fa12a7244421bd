/** Airlock's version, read once from package.json (reports and events name it). */
import { readFileSync } from 'node:fs';

export const AIRLOCK_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
