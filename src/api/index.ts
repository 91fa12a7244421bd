/** The REST API (/api/v1). */
export { apiPlugin } from './plugin.js';
export type { ApiContext, PromotionOutcome, GarbageCollectionOutcome } from './api-context.js';
export { ApiError } from './errors.js';
