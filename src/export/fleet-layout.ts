/**
 * The app servers behind nginx's upstream, as the export writes them (issue 7): the plan's own
 * servers ("main") first, then each other kind, then the backup servers, numbered in that order
 * for the placeholder addresses 10.0.0.1, 10.0.0.2, … Pure.
 *
 * Every other kind also gets its own app config: the analysis sized it for its hardware at its
 * busiest server's share of the traffic (PlanAnalysis.kinds, as the cluster panel shows it).
 */
import { busiestShare, explicitMainWeights, upstreamWeights } from '../engine/cluster/shares';
import type { PlanAnalysis } from '../engine/analysis/types';
import { fleetKinds, type KindSpec } from '../engine/fleet/kinds';
import type { SizingResult } from '../engine/types';
import type { Hardware, Plan } from '../plan/schema';
import { kindName, UnsafeValueError } from './safe';

/** Plain numbers: no grouping, at most 2 decimals (none from 100 up). One formatter per precision. */
const NUM_FORMATS = [0, 2].map((digits) => new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, useGrouping: false }));

/**
 * A number as the files and the README print it. Intl.NumberFormat rounds and drops trailing
 * fraction zeros only (a regex over toFixed also ate the zeros of whole numbers: 860 printed "86").
 */
export function fmtNum(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const text = (NUM_FORMATS[Math.abs(n) >= 100 ? 0 : 1] as Intl.NumberFormat).format(n);
  return text === '-0' ? '0' : text;
}

/** Placeholder address of app server i (0-based): 10.0.0.1, 10.0.0.2, … (10.0.1.0 after 10.0.0.255). */
export function placeholderAddress(i: number): string {
  const k = i + 1;
  return `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;
}

/** "10.0.0.5", or "10.0.0.5 - 10.0.0.6" for `count` servers from position `first`. */
export function placeholderRange(first: number, count: number): string {
  return count <= 1 ? placeholderAddress(first) : `${placeholderAddress(first)} - ${placeholderAddress(first + count - 1)}`;
}

/** Does nginx balance over several app servers (so the app cannot listen on loopback or a local socket)? */
export function isMultiServer(plan: Plan): boolean {
  const f = plan.fleet;
  return f.servers > 1 || f.backupServers > 0 || f.otherKinds.length > 0;
}

export function hardwareText(hw: Pick<Hardware, 'physicalCores' | 'hardwareThreads' | 'ramGiB'>): string {
  return `${hw.physicalCores} cores / ${hw.hardwareThreads} threads, ${fmtNum(hw.ramGiB)} GiB RAM`;
}

/** One kind's servers in the upstream. */
export interface UpstreamGroup {
  /** The kind's name, checked as a file-name token ("main" for the plan's own servers). */
  name: string;
  spec: KindSpec;
  /** Position of its first server in the upstream (placeholder numbering). */
  first: number;
  /** `weight=` of each server, or null when none is written (the plan's own servers without weights and no other kinds). */
  weights: readonly (number | null)[];
}

/** The upstream's primary servers by kind, and where the backup servers start. */
export function upstreamGroups(plan: Plan): { groups: UpstreamGroup[]; backupFirst: number } {
  const f = plan.fleet;
  const explicitMain = explicitMainWeights(f);
  const mixed = f.otherKinds.length > 0;
  const seen = new Set<string>();
  let next = 0;
  const groups = fleetKinds(plan).map((spec, ki): UpstreamGroup => {
    const name = spec.primary ? spec.name : kindName(spec.name, `fleet.otherKinds.${ki - 1}.name`);
    // Case-insensitive, as the schema checks: kinds/Web and kinds/web are one folder on some filesystems.
    if (seen.has(name.toLowerCase())) throw new UnsafeValueError(`fleet.otherKinds.${ki - 1}.name`, name, 'kind names must be unique, ignoring case (they name files)');
    seen.add(name.toLowerCase());
    // The plan's own servers: their own weights, or an explicit weight=1 next to other kinds (all weights visible).
    const weights = spec.primary ? (explicitMain ?? spec.weights.map((w) => (mixed ? w : null))) : spec.weights;
    const group = { name, spec, first: next, weights };
    next += spec.servers;
    return group;
  });
  return { groups, backupFirst: next };
}

/** An other kind's own app config: the plan one of its servers sees, and its sizing. */
export interface KindExport {
  group: UpstreamGroup;
  /** Share of the fleet's requests its busiest server gets (all servers up). */
  share: number;
  plan: Plan;
  result: SizingResult;
}

/** Each kind's busiest server's share of the fleet's requests (all servers up), as the engine computes it. */
export function kindShares(plan: Plan): number[] {
  const { weights, kindOf } = upstreamWeights(plan.fleet);
  return fleetKinds(plan).map((_, ki) => busiestShare(weights, 'normal', 1, (i) => kindOf[i] === ki));
}

/** Directory of a kind's files inside the bundle. */
export const kindDir = (name: string) => `kinds/${name}`;

/** Every other kind with the plan one of its servers sees and its sizing, both from the analysis. */
export function otherKindExports(analysis: PlanAnalysis, groups: readonly UpstreamGroup[] = upstreamGroups(analysis.plan).groups): KindExport[] {
  if (analysis.plan.fleet.otherKinds.length === 0) return [];
  const rows = analysis.kinds.rows;
  return groups.flatMap((group, ki) => {
    const row = rows[ki];
    if (group.spec.primary || !row) return [];
    return [{ group, share: row.share, plan: row.serverPlan, result: row.sizing }];
  });
}
