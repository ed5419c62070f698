/**
 * The per-server view of a fleet plan, kept apart from the fleet totals so the app's entry chunk
 * (which sizes every keystroke) pulls in only these few lines.
 *
 * The plan's workload is the load on the whole fleet. nginx splits it by weight (equal weights:
 * evenly), so each server is sized for the busiest server's share: load / serving servers with
 * equal weights, where serving = N − 1 with an N+1 spare (the fleet must still meet the target
 * with one server down), or weight / Σ weights with weights or other kinds (effectiveServing).
 */
import type { Fleet, Plan } from '../../plan/schema';
import { busiestShare, upstreamWeights } from '../cluster/shares';
import { buildContext } from '../context';

/** Servers that carry the load: N, or N − 1 with a spare (never below 1). */
export function servingServers(fleet: Pick<Fleet, 'servers' | 'spare'>): number {
  return Math.max(1, fleet.servers - (fleet.spare ? 1 : 0));
}

/**
 * Servers' worth of load the busiest server is sized for: 1 / its share. Equal weights: the serving
 * servers. With weights (mixed hardware) the heaviest-weighted server gets weight / Σ weights (with a
 * spare: the worst case after losing one server), and every server gets the same settings, so all
 * are sized for the busiest one.
 */
export function effectiveServing(fleet: Pick<Fleet, 'servers' | 'spare' | 'weights'> & Partial<Pick<Fleet, 'otherKinds'>>): number {
  const other = fleet.otherKinds ?? [];
  if (other.length > 0) {
    // Mixed hardware: the main servers come first in the upstream; the busiest *main* server's share
    // sizes the plan's own hardware (the other kinds are sized in ./kinds.ts).
    const { weights } = upstreamWeights({ ...fleet, otherKinds: other });
    const share = busiestShare(weights, fleet.spare ? 'one-server-down' : 'normal', 1, (i) => i < fleet.servers);
    return share > 0 ? 1 / share : servingServers(fleet);
  }
  const w = fleet.weights;
  if (w === null || w.length !== fleet.servers || fleet.servers <= 1) return servingServers(fleet);
  const share = busiestShare(w, fleet.spare ? 'one-server-down' : 'normal', 1);
  return share > 0 ? Math.max(1, 1 / share) : servingServers(fleet);
}

/**
 * The plan one server sees: the workload divided over the serving servers (the busiest server's
 * share with weights). Returns the same object for a single server, so per-plan caches keep working.
 */
export function perServerPlan(plan: Plan, serving: number = effectiveServing(plan.fleet)): Plan {
  if (serving <= 1) return plan;
  const w = plan.workload;
  return {
    ...plan,
    workload: {
      ...w,
      arrivalRps: w.arrivalRps / serving,
      // Whole users; rounding up keeps each server's share conservative.
      concurrentUsers: Math.max(1, Math.ceil(w.concurrentUsers / serving)),
    },
  };
}

/** Total load on the fleet, requests/s (static + dynamic): open loop the arrival rate, closed loop the users' request rate. */
export function fleetTargetRps(plan: Plan): number {
  return plan.workload.mode === 'open' ? plan.workload.arrivalRps : buildContext(plan).totalRps;
}
