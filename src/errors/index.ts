export { AirlockError, isAirlockError, type AirlockErrorOptions } from './airlock-error.js';
