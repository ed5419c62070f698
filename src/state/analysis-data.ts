/**
 * The data the analysis needs besides the plan (hardware catalog, DynamoDB prices), as loaded by
 * ./data-queries.ts. A plain external store, so the entry chunk does not carry react-query: the
 * fleet total and the optimizer see the prices as soon as they load, whichever panel is open.
 */
import type { AnalysisData } from '../engine/analysis/types';

let data: AnalysisData = {};
const listeners = new Set<() => void>();

export function getAnalysisData(): AnalysisData {
  return data;
}

export function subscribeAnalysisData(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Replace part of the data: a new object, so analyses cached on the old one are not reused. */
export function setAnalysisData(part: Partial<AnalysisData>): void {
  data = { ...data, ...part };
  for (const l of listeners) l();
}
