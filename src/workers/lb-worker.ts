/**
 * Web Worker: runs the balancing simulation for every method off the main thread, so the page
 * stays responsive, and reports progress. Messages: in { input, seed }; out progress / result.
 */
import { mulberry32 } from '../engine/perf/rng';
import { SIM_METHODS, simulateLb, type LbSimInput, type LbSimResult } from '../engine/cluster/lb-sim';

export interface LbWorkerRequest {
  input: LbSimInput;
  seed: number;
}
export type LbWorkerMessage =
  | { type: 'progress'; done: number }
  | { type: 'result'; results: LbSimResult[] }
  | { type: 'error'; message: string };

export function runAll(req: LbWorkerRequest, post: (m: LbWorkerMessage) => void): void {
  try {
    const results: LbSimResult[] = [];
    SIM_METHODS.forEach((method, i) => {
      // The same seed per method: each method sees the same arrival stream and service demands (common random numbers).
      results.push(simulateLb(req.input, method, mulberry32(req.seed), (d) => post({ type: 'progress', done: (i + d) / SIM_METHODS.length })));
    });
    post({ type: 'result', results });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

// In a worker, `self` is the worker scope; the module may also be imported on the main thread as a fallback.
if (typeof window === 'undefined' && typeof self !== 'undefined') {
  self.onmessage = (e: MessageEvent<LbWorkerRequest>) => runAll(e.data, (m) => self.postMessage(m));
}
