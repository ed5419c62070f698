/**
 * Failure what-ifs: "one server down" (N − 1 serving) and "one zone down" (servers spread evenly
 * over the zones; the largest zone, ⌈N / zones⌉ servers, is lost). Pure.
 *
 * The survivors split the load by weight: evenly with equal weights (round robin / least_conn both
 * converge to an even split for identical servers), else weight / Σ surviving weights, the busiest
 * survivor deciding the verdict. Each survivor's backend rate is compared with one server's limits from the
 * performance model: the SLO-max load (the SLO percentile stays within the SLO) and the capacity
 * (every slot busy). Compared in dynamic (backend) requests/s, so the microcache's hit ratio counts.
 */
import { explain, round } from '../explain';
import type { Explained } from '../types';

export type Verdict = 'meets' | 'misses-slo' | 'overloaded';
import { busiestShare, upstreamWeights, type Scenario } from './shares';

export { busiestShare, type Scenario };

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
  /** nginx weights of the primary servers (length = servers); absent/null = all 1. */
  weights?: readonly number[] | null;
  /** Servers marked `backup`: nginx uses them only when every primary server is down. */
  backups?: number;
  /**
   * Other hardware kinds in the same upstream, after the main servers (mixed fleet). Each has its
   * own limits; the verdict is the worst kind's.
   */
  otherKinds?: readonly { name: string; servers: number; weight: number; perServer: { sloMaxRps: number; capacityRps: number } }[];
}

/** One kind's side of a what-if. */
export interface KindWhatIf {
  name: string;
  /** Busiest surviving server of this kind: share of the traffic. */
  share: number;
  perServerBackendRps: number;
  sloMaxBackendRps: number;
  capacityBackendRps: number;
  verdict: Verdict;
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
  /** Share of the traffic the busiest serving server gets (1 / serving with equal weights). */
  busiestShare: number;
  /** Every primary is down and the backup servers carry the load. */
  backupsTookOver: boolean;
  /** Per hardware kind (the main servers first); one entry without other kinds. */
  perKind: KindWhatIf[];
}

const VERDICT_RANK: Record<Verdict, number> = { meets: 0, 'misses-slo': 1, overloaded: 2 };

/** Servers lost when the largest zone fails: ⌈N / zones⌉ (servers spread evenly). */
export function zoneLoss(servers: number, zones: number): number {
  return Math.ceil(servers / Math.max(1, zones));
}

export function whatIf(input: FailureInput, scenario: Scenario): WhatIf {
  const others = input.otherKinds ?? [];
  const mainN = Math.max(1, Math.floor(input.servers));
  const n = mainN + others.reduce((a, k) => a + k.servers, 0);
  const zones = Math.max(1, Math.floor(input.zones));
  const lost = scenario === 'normal' ? 0 : scenario === 'one-server-down' ? 1 : zoneLoss(n, zones);
  const primaries = Math.max(0, n - lost);
  const backups = Math.max(0, Math.floor(input.backups ?? 0));
  // nginx sends traffic to backup servers only when every primary is down. Only the "one server
  // down" case counts them (a lost zone may hold the backups too).
  const backupsTookOver = primaries === 0 && backups > 0 && scenario === 'one-server-down';
  const serving = backupsTookOver ? backups : primaries;
  const { weights, kindOf } = upstreamWeights({ servers: mainN, weights: input.weights, otherKinds: others });
  const weighted = !backupsTookOver && weights.some((w) => w !== weights[0]);
  const backendTotal = input.targetRps * input.dynamicShare * input.backendFactor;
  // The limits are in total rps at nginx for a server behind this cache (serverLimits sizes the app
  // for the backend share), so the backend limits take the same factors as the load.
  const backendLimits = (l: { sloMaxRps: number; capacityRps: number }) => ({
    slo: l.sloMaxRps * input.dynamicShare * input.backendFactor,
    cap: l.capacityRps * input.dynamicShare * input.backendFactor,
  });
  const kindList = [{ name: 'main', perServer: input.perServer }, ...others];
  const perKind: KindWhatIf[] = kindList.map((k, ki) => {
    const share = backupsTookOver ? (ki === 0 ? 1 / backups : 0) : serving > 0 ? busiestShare(weights, scenario, zones, (i) => kindOf[i] === ki) : 0;
    const lim = backendLimits(k.perServer);
    // No server left: the verdict is 'overloaded' and the load has nowhere to go (reported as 0 rps).
    const load = serving > 0 ? backendTotal * share : 0;
    const verdict: Verdict = serving === 0 ? 'overloaded' : load <= lim.slo + 1e-9 ? 'meets' : load <= lim.cap + 1e-9 ? 'misses-slo' : 'overloaded';
    return { name: k.name, share, perServerBackendRps: load, sloMaxBackendRps: lim.slo, capacityBackendRps: lim.cap, verdict };
  });
  // The worst kind decides (by verdict, then by how close to its SLO limit it runs).
  const worst = perKind.reduce((a, b) =>
    VERDICT_RANK[b.verdict] > VERDICT_RANK[a.verdict] || (VERDICT_RANK[b.verdict] === VERDICT_RANK[a.verdict] && b.perServerBackendRps / (b.sloMaxBackendRps || 1e-9) > a.perServerBackendRps / (a.sloMaxBackendRps || 1e-9)) ? b : a,
  );
  const top = worst.share;
  const perServer = worst.perServerBackendRps;
  const sloDyn = worst.sloMaxBackendRps;
  const capDyn = worst.capacityBackendRps;
  const verdict = worst.verdict;
  const mixed = others.length > 0;
  const name = scenario === 'normal' ? 'All servers up' : scenario === 'one-server-down' ? 'One server down' : 'One zone down';
  const lossFormula = scenario === 'normal' ? 'N' : scenario === 'one-server-down' ? 'N − 1' : 'N − ⌈N / zones⌉';
  const perServerE = explain(serving === 0 ? 0 : round(perServer, 1), {
    key: `whatif_${scenario}_rps`,
    label: mixed ? `${name}: backend load per ${worst.name} server (the kind closest to its limit)` : `${name}: backend load per server`,
    unit: 'rps',
    formula: weighted
      ? 'target × dynamic share × (1 − hit ratio) × busiest survivor\'s weight / Σ surviving weights'
      : `target × dynamic share × (1 − hit ratio) / (${backupsTookOver ? 'backup servers' : lossFormula})`,
    inputs: {
      targetRps: round(input.targetRps, 1),
      dynamicShare: round(input.dynamicShare, 3),
      backendFactor: round(input.backendFactor, 3),
      servers: n,
      zones,
      lost,
      serving,
      backups,
      busiestSharePct: round(top * 100, 2),
      ...(mixed ? { busiestKind: worst.name } : {}),
    },
    why:
      serving === 0
        ? 'No server is left: the whole service is down.'
        : backupsTookOver
          ? `The only primary server is down, so nginx sends the traffic to the ${backups} backup server${backups === 1 ? '' : 's'} (backups serve only when every primary is down).`
          : weighted
            ? 'Weighted: each survivor gets weight / Σ surviving weights; the busiest one (the heaviest weight, worst case over which server is lost) decides the verdict.'
            : 'The survivors split the load evenly.',
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
      ...(mixed ? { decidingKind: worst.name, kinds: perKind.map((k) => `${k.name} ${k.verdict}`).join(', ') } : {}),
    },
    why:
      (backupsTookOver ? `With the primary server down, ${backups} backup server${backups === 1 ? '' : 's'} take${backups === 1 ? 's' : ''} over; each` : `With ${serving} of ${n} server${n === 1 ? '' : 's'} serving, ${weighted ? 'the busiest' : 'each'}`) +
      ` carries ${serving === 0 ? '—' : round(perServer, 1)} backend rps; ` +
      `one ${mixed ? `${worst.name} ` : ''}server stays within the SLO up to ${round(sloDyn, 1)} and saturates at ${round(capDyn, 1)}. The fleet ${text}.` +
      (mixed ? ' With mixed hardware every kind is checked against its own limits; the worst one decides.' : ''),
  });
  return { scenario, lost, serving, verdict, perServerBackendRps: perServerE, verdictE, busiestShare: top, backupsTookOver, perKind };
}
