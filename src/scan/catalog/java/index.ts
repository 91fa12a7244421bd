/** Java: Maven artifacts in jar/war/ear/plugin archives and the archives nested in them, as packages of type `java`. */
export { createJavaArchiveCataloger, javaArchiveCataloger, type JavaArchiveCatalogerOptions } from './java-archive-cataloger.js';
export { DEFAULT_JAVA_ARCHIVE_LIMITS, type JavaArchiveLimits } from './java-archive-limits.js';
