/**
 * The sections of a PlanAnalysis that are computed (everything but the plan and the data it was
 * given): what the analysis worker computes and sends back as plain data (src/workers/analysis-worker.ts).
 */
import type { PlanAnalysis } from './types';

export type SectionKey = Exclude<keyof PlanAnalysis, 'plan' | 'data'>;

const ALL: { [K in SectionKey]: true } = {
  rates: true,
  web: true,
  slo: true,
  kinds: true,
  dynamodb: true,
  fleet: true,
  cluster: true,
  edge: true,
  catalog: true,
  optimizer: true,
  deploy: true,
  findings: true,
  bottleneck: true,
  topology: true,
};

/** Every computed section (the record above makes the compiler list each key exactly once). */
export const SECTION_KEYS = Object.keys(ALL) as SectionKey[];

/** The plain sections a worker sends: what structured clone makes of the lazy getters. */
export type AnalysisSections = Partial<Pick<PlanAnalysis, SectionKey>>;
