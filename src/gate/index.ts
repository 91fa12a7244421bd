/** The gate: push → scan → decide → promote or reject, on a durable queue. */
export { Gate, type GateDeps, type GateOptions, type PushNotice, type ImageStatus } from './gate.js';
export type { GatePorts, GateReason, GateEvent, GateAuditEntry, PolicyVerdict, VerdictRequest, VulnerabilityUpdateSummary, ExpiredException } from './gate-ports.js';
export { IMAGE_STATES, isServable, nextState, type ImageState } from './image-state.js';
export { GateError, type GateErrorCode } from './gate-error.js';
export { JobQueue, type Job, type JobQueueOptions } from './queue/job-queue.js';
export { ImageStore, type ImageRow, type ImageFilter, type PackageKey } from './store/image-store.js';
export { policyJudge, compareVersions, type PolicyJudgeDeps } from './policy-judge.js';
export { scopeFilter, type RedecisionRequest } from './sweep.js';
export { DECIDED_STATES, redecideImage, type RedecisionOutcome } from './redecide-image.js';
export { verdictFromInventory } from './redecide-image.js';
export type { ImageVerdict, ImageSummary } from './judge-image.js';
export { previewImage, impactOf, type ImagePreview, type PreviewDeps } from './policy-preview.js';
export { IMAGE_REPORT_FORMATS, type ImageReportFormat, type ReportLinks } from './report/report-links.js';
export type { ImageReports, ReportDocument } from './report/image-reports.js';
export { AdmissionFeed, FEED_OVERLAP_MS, type AdmissionImage, type AdmissionReason, type AdmissionFeedPage } from './admission-feed.js';
export { queryImages, IMAGE_SORTS, type ImageQuery, type ImageSort, type FleetImage, type SeverityCounts } from './store/image-query.js';
export { FleetStats, type TeamCompliance, type TrendPoint, type FleetFinding, type Advisory } from './store/fleet-stats.js';
