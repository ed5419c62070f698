/**
 * Traffic shares under failures, on their own so the per-server sizing (in the entry chunk, run on
 * every slider move) can use them without pulling in the whole failure what-if module.
 */
import type { Fleet } from '../../plan/schema';

export type Scenario = 'normal' | 'one-server-down' | 'one-zone-down';

/** The main servers' own weights when the plan sets them (one per server), else null. */
export function explicitMainWeights(fleet: { servers: number; weights?: Fleet['weights'] | readonly number[] | undefined }): readonly number[] | null {
  const w = fleet.weights;
  return w && w.length === fleet.servers ? w : null;
}

/** The main servers' weights: their own, or all 1. */
export function mainWeights(fleet: Parameters<typeof explicitMainWeights>[0]): readonly number[] {
  return explicitMainWeights(fleet) ?? Array.from({ length: fleet.servers }, () => 1);
}

/**
 * Every server's weight in upstream order (the main servers, then each other kind), and its kind
 * index (0 = main). The one place the fleet is expanded into servers.
 */
export function upstreamWeights(fleet: Parameters<typeof explicitMainWeights>[0] & { otherKinds: readonly { servers: number; weight: number }[] }): { weights: number[]; kindOf: number[] } {
  const weights = [...mainWeights(fleet)];
  const kindOf: number[] = weights.map(() => 0);
  fleet.otherKinds.forEach((k, i) => {
    for (let j = 0; j < k.servers; j++) {
      weights.push(k.weight);
      kindOf.push(i + 1);
    }
  });
  return { weights, kindOf };
}

/**
 * The busiest survivor's share (weight / Σ surviving weights), worst case over which server (or
 * zone, servers assigned round-robin to zones: server i in zone i mod zones) is lost. With
 * `include`, only the servers it accepts count as "the busiest" (e.g. one hardware kind), while
 * every server still takes its share of the traffic. 0 when no included server survives.
 */
export function busiestShare(weights: readonly number[], scenario: Scenario, zones: number, include?: (i: number) => boolean): number {
  const n = weights.length;
  const inc = include ?? (() => true);
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i] ?? 0;
  if (!(total > 0)) return 0;
  if (scenario === 'normal') {
    let max = 0;
    for (let i = 0; i < n; i++) if (inc(i)) max = Math.max(max, weights[i] ?? 0);
    return max / total;
  }
  if (scenario === 'one-server-down') {
    if (n <= 1) return 0;
    // Heaviest included server i1 (weight m1) and the next included weight m2. Losing i1 leaves
    // m2 / (total − m1); losing any other server j leaves m1 / (total − w_j), worst for the heaviest j ≠ i1.
    let i1 = -1;
    for (let i = 0; i < n; i++) if (inc(i) && (i1 < 0 || (weights[i] ?? 0) > (weights[i1] ?? 0))) i1 = i;
    if (i1 < 0) return 0;
    const m1 = weights[i1] ?? 0;
    let m2 = 0;
    let heaviestOther = 0;
    for (let i = 0; i < n; i++) {
      if (i === i1) continue;
      const w = weights[i] ?? 0;
      if (inc(i)) m2 = Math.max(m2, w);
      heaviestOther = Math.max(heaviestOther, w);
    }
    const loseI1 = total - m1 > 0 ? m2 / (total - m1) : 0;
    const loseOther = total - heaviestOther > 0 ? m1 / (total - heaviestOther) : 0;
    return Math.max(loseI1, loseOther);
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
      if (inc(i)) max = Math.max(max, w);
    }
    if (sum > 0) worst = Math.max(worst, max / sum);
  }
  return worst;
}
