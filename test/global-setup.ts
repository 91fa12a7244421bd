/** Once per test run: a PostgreSQL server and the real test images, shared by every test file. */
import type { TestProject } from 'vitest/node';
import { startPostgres } from './helpers/postgres-server.js';
import { ensureTestImages } from './helpers/test-images.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    testImagesDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [postgres, imagesDir] = await Promise.all([startPostgres(), ensureTestImages()]);
  project.provide('postgresUrl', postgres.url);
  project.provide('testImagesDir', imagesDir);
  return () => postgres.stop();
}
