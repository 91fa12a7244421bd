/** The Airlock server process. */
export { createServer, type AirlockServer, type CreateServerOptions } from './create-server.js';
