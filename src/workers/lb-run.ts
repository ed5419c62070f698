/**
 * The balancing simulation for every method (the cluster panel's comparison), with progress. Runs
 * in the analysis worker (src/workers/analysis-api.ts), which passes `between` to stop a run that a
 * newer one replaced; where there is no worker (tests), on the main thread. Rejects with a
 * RangeError for an input the simulation refuses.
 */
import { mulberry32 } from '../engine/perf/rng';
import { SIM_METHODS, simulateLb, type LbSimInput, type LbSimResult } from '../engine/cluster/lb-sim';

export interface LbRunRequest {
  input: LbSimInput;
  seed: number;
}

export async function runAll(req: LbRunRequest, onProgress: (done: number) => void, between: () => Promise<void> = async () => {}): Promise<LbSimResult[]> {
  const results: LbSimResult[] = [];
  for (const [i, method] of SIM_METHODS.entries()) {
    await between();
    // The same seed per method: each method sees the same arrival stream and service demands (common random numbers).
    results.push(simulateLb(req.input, method, mulberry32(req.seed), (d) => onProgress((i + d) / SIM_METHODS.length)));
  }
  return results;
}
