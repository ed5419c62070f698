/**
 * What `npm run plan` prints under "result": the plan's analysis (src/engine/analysis), in the
 * shape documented in the README. Every value is the analysis's own; this only chooses what a
 * script needs and drops what is for the browser (the method simulation's set-up, each kind's
 * nested plan and sizing, the DynamoDB chart series).
 */
import type { PlanAnalysis } from '../engine/analysis/types';
import type { KindRow } from '../engine/fleet/kinds';
import type { OptimizerChoice } from '../engine/fleet/optimizer';

export type KindOutput = Omit<KindRow, 'serverPlan' | 'sizing'>;

function kindOutput(row: KindRow): KindOutput {
  const { serverPlan: _plan, sizing: _sizing, ...rest } = row;
  return rest;
}

function choiceOutput(c: OptimizerChoice) {
  const { entry, ...rest } = c;
  return { entryId: entry.id, label: entry.label, ...rest };
}

export function analysisOutput(a: PlanAnalysis) {
  const { sim: _sim, ...cluster } = a.cluster;
  const { rows, ...kindTotals } = a.kinds;
  return {
    ...a.web,
    slo: a.slo,
    rates: a.rates,
    fleet: {
      ...a.fleet,
      kinds: a.plan.fleet.otherKinds.length > 0 ? { ...kindTotals, rows: rows.map(kindOutput) } : null,
    },
    cluster,
    dynamodb: a.dynamodb ? { ...a.dynamodb.shown, priced: a.dynamodb.cost !== null, costProblem: a.dynamodb.costProblem } : null,
    optimizer: a.optimizer ? { targetRps: a.optimizer.targetRps, choices: a.optimizer.choices.map(choiceOutput), skipped: a.optimizer.skipped } : null,
    // Pods, probes, HPA and PDB per server kind, and the alert thresholds (issue 17).
    edge: a.edge,
    deploy: a.deploy,
    bottleneck: a.bottleneck,
    allFindings: a.findings,
  };
}
