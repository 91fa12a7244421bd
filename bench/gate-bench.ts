/**
 * The gate benchmark, run by `bench/run.ts` (alone with `--only gate`): push →
 * verdict with a real skopeo against Airlock as its own process
 * (gate-push-verdict.ts), then re-decision of a synthetic fleet after database
 * updates, in this process against a real database (gate-redecision.ts).
 */
import os from 'node:os';
import { measurePushVerdict, type PushVerdictPlan, type PushVerdictResult } from './gate-push-verdict.js';
import { measureRedecision, type RedecisionPlan, type RedecisionResult } from './gate-redecision.js';

export interface GatePlan {
  pushVerdict: PushVerdictPlan;
  redecision: RedecisionPlan;
}

export interface GateResults {
  pushVerdict: PushVerdictResult;
  redecision: RedecisionResult;
  /** 1-minute load average before and after each part: other work on the machine shows here. */
  load: { pushVerdict: [number, number]; redecision: [number, number] };
}

export async function measureGate(plan: GatePlan, progress: (message: string) => void): Promise<GateResults> {
  const loadBefore = os.loadavg()[0] ?? 0;
  const pushVerdict = await measurePushVerdict(plan.pushVerdict, progress);
  const loadBetween = os.loadavg()[0] ?? 0;
  const redecision = await measureRedecision(plan.redecision, progress);
  return { pushVerdict, redecision, load: { pushVerdict: [loadBefore, loadBetween], redecision: [loadBetween, os.loadavg()[0] ?? 0] } };
}
