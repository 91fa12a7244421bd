/** The Kubernetes admission webhook: validating and mutating endpoints, the approved-image cache and its sync, Pod Security. */
export { createAdmissionServer, type AdmissionServer, type AdmissionServerOptions } from './admission-server.js';
export { mountEmbeddedAdmission, type EmbeddedAdmissionOptions } from './embedded-admission.js';
export { AdmissionController, type AdmissionControllerDeps, type WebhookOperation } from './admission-controller.js';
export { admissionSettings, type AdmissionSettings } from './admission-settings.js';
export { ApprovedSet, type CacheFreshness } from './approved-set.js';
export { ApprovedSetSync, type SyncOptions, type SyncStatus } from './approved-set-sync.js';
export { HttpFeed, type HttpFeedOptions } from './http-feed.js';
export { feedPageSchema, type ApprovedImageFeed, type FeedImage, type FeedPage } from './feed-page.js';
export { StaticNamespaceLabels, LayeredNamespaceLabels, type NamespaceLabelSource } from './namespace-labels.js';
export { generateServingCertificates, type CertificateRequest, type ServingCertificates } from './serving-certificates.js';
export { AdmissionError, type AdmissionErrorCode } from './admission-error.js';
export { IMAGE_RULES } from './image-rules.js';
export { POD_KINDS } from './pod-templates.js';
export { parseManifests, type ManifestObject } from './manifest-documents.js';
export { reviewManifests, type ManifestReview, type ManifestReviewOptions, type ReviewedResource, type ReviewFinding } from './manifest-review.js';
export { reviewToSarif } from './review-sarif.js';
export { parseLevelVersion } from './pod-security/index.js';
