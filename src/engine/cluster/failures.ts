/**
 * Failure what-ifs: "one server down" (N − 1 serving) and "one zone down" (servers spread evenly
 * over the zones; the largest zone, ⌈N / zones⌉ servers, is lost). Pure.
 *
 * The survivors split the load evenly (round robin / least_conn both converge to an even split for
 * identical servers). Each survivor's backend rate is compared with one server's limits from the
 * performance model: the SLO-max load (the SLO percentile stays within the SLO) and the capacity
 * (every slot busy). Compared in dynamic (backend) requests/s, so the microcache's hit ratio counts.
 */
import { explain, round } from '../explain';
import type { Explained } from '../types';

export type Verdict = 'meets' | 'misses-slo' | 'overloaded';
export type Scenario = 'normal' | 'one-server-down' | 'one-zone-down';

export interface FailureInput {
  /** Total requests/s on the fleet (static + dynamic). */
  targetRps: number;
  /** 1 − static share. */
  dynamicShare: number;
  /** Share of dynamic requests that reach the app (1 − hit ratio with the microcache on). */
  backendFactor: number;
  servers: number;
  zones: number;
  /** One server's limits in total requests/s (as the optimizer's serverLimits returns them). */
  perServer: { sloMaxRps: number; capacityRps: number };
  sloLabel: string;
}

export interface WhatIf {
  scenario: Scenario;
  lost: number;
  serving: number;
  verdict: Verdict;
  /** Backend requests/s each surviving server must carry. */
  perServerBackendRps: Explained;
  /** The verdict with its reasoning. */
  verdictE: Explained<Verdict>;
}

/** Servers lost when the largest zone fails: ⌈N / zones⌉ (servers spread evenly). */
export function zoneLoss(servers: number, zones: number): number {
  return Math.ceil(servers / Math.max(1, zones));
}

export function whatIf(input: FailureInput, scenario: Scenario): WhatIf {
  const n = Math.max(1, Math.floor(input.servers));
  const zones = Math.max(1, Math.floor(input.zones));
  const lost = scenario === 'normal' ? 0 : scenario === 'one-server-down' ? 1 : zoneLoss(n, zones);
  const serving = Math.max(0, n - lost);
  const backendTotal = input.targetRps * input.dynamicShare * input.backendFactor;
  const perServer = serving > 0 ? backendTotal / serving : Infinity;
  const sloDyn = input.perServer.sloMaxRps * input.dynamicShare;
  const capDyn = input.perServer.capacityRps * input.dynamicShare;
  const verdict: Verdict = serving === 0 ? 'overloaded' : perServer <= sloDyn + 1e-9 ? 'meets' : perServer <= capDyn + 1e-9 ? 'misses-slo' : 'overloaded';
  const name = scenario === 'normal' ? 'All servers up' : scenario === 'one-server-down' ? 'One server down' : 'One zone down';
  const lossFormula = scenario === 'normal' ? 'N' : scenario === 'one-server-down' ? 'N − 1' : 'N − ⌈N / zones⌉';
  const perServerE = explain(serving === 0 ? 0 : round(perServer, 1), {
    key: `whatif_${scenario}_rps`,
    label: `${name}: backend load per server`,
    unit: 'rps',
    formula: `target × dynamic share × (1 − hit ratio) / (${lossFormula})`,
    inputs: { targetRps: round(input.targetRps, 1), dynamicShare: round(input.dynamicShare, 3), backendFactor: round(input.backendFactor, 3), servers: n, zones, lost, serving },
    why: serving === 0 ? 'No server is left: the whole service is down.' : 'The survivors split the load evenly.',
  });
  const text =
    verdict === 'meets'
      ? `meets the ${input.sloLabel} SLO`
      : verdict === 'misses-slo'
        ? `misses the ${input.sloLabel} SLO (below capacity, but the tail latency is too high)`
        : serving === 0
          ? 'is down: no server is left'
          : 'is overloaded: above capacity, queues grow until requests are rejected';
  const verdictE = explain<Verdict>(verdict, {
    key: `whatif_${scenario}`,
    label: name,
    formula: 'per-server backend load vs one server\'s SLO-max and capacity (performance model)',
    inputs: {
      perServerBackendRps: serving === 0 ? null : round(perServer, 1),
      sloMaxBackendRps: round(sloDyn, 1),
      capacityBackendRps: round(capDyn, 1),
      serving,
    },
    why:
      `With ${serving} of ${n} server${n === 1 ? '' : 's'} serving, each carries ${serving === 0 ? '—' : round(perServer, 1)} backend rps; ` +
      `one server stays within the SLO up to ${round(sloDyn, 1)} and saturates at ${round(capDyn, 1)}. The fleet ${text}.`,
  });
  return { scenario, lost, serving, verdict, perServerBackendRps: perServerE, verdictE };
}
