/**
 * Traffic shares under failures, on their own so the per-server sizing (in the entry chunk, run on
 * every slider move) can use them without pulling in the whole failure what-if module.
 */
export type Scenario = 'normal' | 'one-server-down' | 'one-zone-down';

/**
 * The busiest survivor's share (weight / Σ surviving weights), worst case over which server (or
 * zone, servers assigned round-robin to zones: server i in zone i mod zones) is lost.
 */
export function busiestShare(weights: readonly number[], scenario: Scenario, zones: number): number {
  const n = weights.length;
  const total = weights.reduce((a, b) => a + b, 0);
  if (scenario === 'normal') return n === 0 ? 0 : Math.max(...weights) / total;
  if (scenario === 'one-server-down') {
    if (n <= 1) return 0;
    // Top two weights: losing server j leaves max(others) / (total − w_j).
    let i1 = 0;
    for (let i = 1; i < n; i++) if ((weights[i] ?? 0) > (weights[i1] ?? 0)) i1 = i;
    let w2 = 0;
    for (let i = 0; i < n; i++) if (i !== i1) w2 = Math.max(w2, weights[i] ?? 0);
    const w1 = weights[i1] ?? 0;
    let worst = 0;
    for (let j = 0; j < n; j++) {
      const wj = weights[j] ?? 0;
      worst = Math.max(worst, (j === i1 ? w2 : w1) / (total - wj));
    }
    return worst;
  }
  const z = Math.max(1, Math.floor(zones));
  let worst = 0;
  for (let lostZone = 0; lostZone < Math.min(z, n); lostZone++) {
    let sum = 0;
    let max = 0;
    for (let i = 0; i < n; i++) {
      if (i % z === lostZone) continue;
      const w = weights[i] ?? 0;
      sum += w;
      max = Math.max(max, w);
    }
    if (sum === 0) return 0;
    worst = Math.max(worst, max / sum);
  }
  return worst;
}
