/** Once per test run: a PostgreSQL server, the real test images and the dashboard's bundle, shared by every test file. */
import type { TestProject } from 'vitest/node';
import { startPostgres } from './helpers/postgres-server.js';
import { ensureTestImages } from './helpers/test-images.js';
import { ensureWebBundle } from './helpers/web-bundle.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    testImagesDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [postgres, imagesDir] = await Promise.all([startPostgres(), ensureTestImages(), ensureWebBundle()]);
  project.provide('postgresUrl', postgres.url);
  project.provide('testImagesDir', imagesDir);
  return () => postgres.stop();
}
