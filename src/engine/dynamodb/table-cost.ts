/**
 * The priced half of a table's sizing (issue 10): monthly cost of provisioned capacity (following
 * the simulated auto-scaled day), of on-demand requests and of storage, the break-even utilisation
 * and the cheaper mode. Reads only the table's units (./table-units.ts) and the region's dated
 * prices, so the units never depend on whether prices loaded. Prices: DOMAIN.md D.3.
 */
import { explain, round } from '../explain';
import type { Explained } from '../types';
import type { LambdaRegionPrices } from './lambda-prices-schema';
import type { DynamoRegionPrices } from './prices-schema';
import { findingId, pct, type NewFinding } from './table-findings';
import { safe } from './table-context';
import type { DynamoTableCost, DynamoTableUnits } from './types';

export const SECONDS_PER_HOUR = 3600;
const usd = (n: number) => `$${n.toFixed(2)}`;

/**
 * Provisioned price per million units at 100% utilisation over on-demand price per million: the
 * average utilisation above which provisioned is cheaper (DOMAIN.md D.3: 28.9% in us-east-1).
 */
export function breakEvenUtilisation(unitHourPrice: number, onDemandPerMillion: number): number {
  if (!(onDemandPerMillion > 0)) return 1;
  return safe(((unitHourPrice / SECONDS_PER_HOUR) * 1e6) / onDemandPerMillion);
}

/** Monthly cost of fixed provisioned capacity (DOMAIN.md D.3: 100 RCU + 100 WCU = $56.94). */
export function provisionedMonthlyCost(rcu: number, wcu: number, prices: DynamoRegionPrices, hoursPerMonth: number): number {
  return safe((safe(rcu) * prices.provisionedRcuHour + safe(wcu) * prices.provisionedWcuHour) * hoursPerMonth);
}

/** Monthly on-demand cost of steady request units per second (linear in the request rate). */
export function onDemandMonthlyCost(rruPerSec: number, wruPerSec: number, prices: DynamoRegionPrices, hoursPerMonth: number): number {
  const secs = hoursPerMonth * SECONDS_PER_HOUR;
  return safe(((safe(rruPerSec) * prices.onDemandReadPerMillion + safe(wruPerSec) * prices.onDemandWritePerMillion) * secs) / 1e6);
}

/** Standard-class storage after the free GB (DOMAIN.md D.3: 100 GB = $18.75). */
export function storageMonthlyCost(gb: number, prices: DynamoRegionPrices, applyFreeTier = true): number {
  return safe((safe(gb) - (applyFreeTier ? prices.storageFreeGB : 0)) * prices.storageGBMonth);
}

export function selectCapacityCost(u: DynamoTableUnits, prices: DynamoRegionPrices, hoursPerMonth: number): Pick<DynamoTableCost, 'provisionedMonthlyUsd' | 'onDemandMonthlyUsd'> {
  const meanRcu = u.meanProvisionedRcu.value;
  const meanWcu = u.meanProvisionedWcu.value;
  return {
    provisionedMonthlyUsd: explain(provisionedMonthlyCost(meanRcu, meanWcu, prices, hoursPerMonth), {
      key: 'provisionedMonthlyUsd',
      label: 'Provisioned capacity, per month',
      unit: 'USD',
      formula: '(mean RCU × $/RCU-h + mean WCU × $/WCU-h) × hours/month',
      inputs: { meanProvisionedRcu: round(meanRcu, 3), meanProvisionedWcu: round(meanWcu, 3), rcuHour: prices.provisionedRcuHour, wcuHour: prices.provisionedWcuHour, hoursPerMonth },
      why: 'Provisioned capacity is billed per unit-hour whether used or not (DOMAIN.md D.3). Free-tier 25 RCU/WCU not deducted.',
    }),
    onDemandMonthlyUsd: explain(onDemandMonthlyCost(u.totalAvgRcu.value, u.totalAvgWcu.value, prices, hoursPerMonth), {
      key: 'onDemandMonthlyUsd',
      label: 'On-demand requests, per month',
      unit: 'USD',
      formula: '(average RRU/s × $/M RRU + average WRU/s × $/M WRU) × seconds/month / 10⁶',
      inputs: {
        avgRru: round(u.totalAvgRcu.value, 3),
        avgWru: round(u.totalAvgWcu.value, 3),
        readPerMillion: prices.onDemandReadPerMillion,
        writePerMillion: prices.onDemandWritePerMillion,
        hoursPerMonth,
      },
      why: 'On-demand bills each request unit (same rounding as RCU/WCU; GSI reads and writes included) (DOMAIN.md D.3).',
    }),
  };
}

export function selectStorageCost(u: DynamoTableUnits, prices: DynamoRegionPrices): Pick<DynamoTableCost, 'storageMonthlyUsd'> {
  return {
    storageMonthlyUsd: explain(storageMonthlyCost(u.storageGB.value, prices, false), {
      key: 'storageMonthlyUsd',
      label: 'Storage, per month (before free tier)',
      unit: 'USD',
      formula: 'GB × $/GB-month',
      inputs: { storageGB: round(u.storageGB.value, 3), storageGBMonth: prices.storageGBMonth },
      why: `Standard table class. The first ${prices.storageFreeGB} GB per account are free; that is taken off once in the totals (DOMAIN.md D.3).`,
    }),
  };
}

function breakEven(kind: 'read' | 'write', unitHour: number, perMillion: number, why: string): Explained {
  const [unit, od, hourKey, millionKey] = kind === 'read' ? ['RCU', 'RRU', 'rcuHour', 'readPerMillion'] : ['WCU', 'WRU', 'wcuHour', 'writePerMillion'];
  return explain(breakEvenUtilisation(unitHour, perMillion), {
    key: kind === 'read' ? 'breakEvenReadUtilisation' : 'breakEvenWriteUtilisation',
    label: `Break-even ${kind} utilisation`,
    unit: 'share',
    formula: `($/${unit}-h / 3,600 × 10⁶) / $ per million ${od}`,
    inputs: { [hourKey]: unitHour, [millionKey]: perMillion },
    why,
  });
}

export function selectBreakEven(prices: DynamoRegionPrices): Pick<DynamoTableCost, 'breakEvenReadUtilisation' | 'breakEvenWriteUtilisation'> {
  return {
    breakEvenReadUtilisation: breakEven(
      'read',
      prices.provisionedRcuHour,
      prices.onDemandReadPerMillion,
      'Provisioned capacity at 100% use costs this fraction of on-demand; above this average utilisation provisioned is cheaper (DOMAIN.md D.3: 28.9%).',
    ),
    breakEvenWriteUtilisation: breakEven('write', prices.provisionedWcuHour, prices.onDemandWritePerMillion, 'Same ratio as reads in us-east-1 (DOMAIN.md D.3).'),
  };
}

export function selectChosenMode(u: DynamoTableUnits, cap: Pick<DynamoTableCost, 'provisionedMonthlyUsd' | 'onDemandMonthlyUsd'>): Pick<DynamoTableCost, 'chosenCapacityMonthlyUsd' | 'cheaperMode'> {
  const prov = cap.provisionedMonthlyUsd.value;
  const od = cap.onDemandMonthlyUsd.value;
  const provisioned = u.capacityMode === 'provisioned';
  const inputs = { provisioned: round(prov, 2), onDemand: round(od, 2) };
  return {
    chosenCapacityMonthlyUsd: explain(provisioned ? prov : od, {
      key: 'chosenCapacityMonthlyUsd',
      label: `Capacity cost (${u.capacityMode}), per month`,
      unit: 'USD',
      formula: provisioned ? 'provisioned capacity cost' : 'on-demand request cost',
      inputs,
      why: 'The capacity mode you chose.',
    }),
    cheaperMode: explain<'provisioned' | 'on-demand'>(prov <= od ? 'provisioned' : 'on-demand', {
      key: 'cheaperMode',
      label: 'Cheaper capacity mode',
      unit: '',
      formula: 'provisioned ≤ on-demand ? provisioned : on-demand',
      inputs,
      why: 'Spiky or unpredictable traffic favours on-demand; steady traffic above ~29% utilisation favours provisioned with auto scaling (DOMAIN.md D.3).',
    }),
  };
}

/** The other mode is more than 10% cheaper: say so, with the utilisation behind it. */
export function costFindings(u: DynamoTableUnits, cost: DynamoTableCost): NewFinding[] {
  const prov = cost.provisionedMonthlyUsd.value;
  const od = cost.onDemandMonthlyUsd.value;
  if (!(prov > 0 || od > 0)) return [];
  const provisioned = u.capacityMode === 'provisioned';
  const chosen = cost.chosenCapacityMonthlyUsd.value;
  const other = provisioned ? od : prov;
  if (!(other < chosen * 0.9)) return [];
  return [
    {
      id: findingId(u.name, 'cheaper-mode'),
      kind: 'cost',
      severity: 'info',
      message: `${u.name}: ${provisioned ? 'on-demand' : 'provisioned with auto scaling'} would cost ${usd(other)}/month against ${usd(chosen)} now (average utilisation ${pct(Math.max(u.readUtilisation.value, u.writeUtilisation.value), 0)}, break-even ${pct(cost.breakEvenReadUtilisation.value)}).`,
      fix: `Consider switching to ${provisioned ? 'on-demand' : 'provisioned'} (switching to on-demand is allowed once per 24 h).`,
      source: 'DOMAIN.md D.2, D.3',
    },
  ];
}

/**
 * The stream consumer's Lambda bill: invocations × $/M + GB-seconds × $/GB-s (DOMAIN.md I.4).
 * Lambda's reads of the stream are free; the account's free tier is not deducted.
 */
export function selectStreamCost(u: DynamoTableUnits, lambda: LambdaRegionPrices | null, hoursPerMonth: number): Pick<DynamoTableCost, 'streamMonthlyUsd'> {
  const s = u.stream;
  if (!s || !lambda) return { streamMonthlyUsd: null };
  const secs = hoursPerMonth * SECONDS_PER_HOUR;
  const requests = s.invocationsPerSec.value * secs;
  const gbs = s.gbSecondsPerSec.value * secs;
  const architecture = s.architecture;
  const gbPrice = lambda.gbSecond[architecture];
  return {
    streamMonthlyUsd: explain(safe((requests / 1e6) * lambda.requestsPerMillion + gbs * gbPrice), {
      key: 'streamMonthlyUsd',
      label: 'Stream consumer (Lambda), per month',
      unit: 'USD',
      formula: 'invocations/month × $/M requests + GB-s/month × $/GB-s',
      inputs: { invocationsPerMonth: round(requests, 0), gbSecondsPerMonth: round(gbs, 1), requestsPerMillion: lambda.requestsPerMillion, gbSecond: gbPrice, architecture },
      why: 'Lambda bills requests and duration × memory; its reads of DynamoDB Streams are free (DOMAIN.md I.4). Free tier (1 M requests, 400,000 GB-s a month per account) not deducted; retries not counted.',
    }),
  };
}

/** Price one table's units. */
export function priceTable(
  u: DynamoTableUnits,
  prices: DynamoRegionPrices,
  hoursPerMonth: number,
  lambda: LambdaRegionPrices | null = null,
): { cost: DynamoTableCost; findings: NewFinding[] } {
  const cap = selectCapacityCost(u, prices, hoursPerMonth);
  const cost: DynamoTableCost = {
    name: u.name,
    ...cap,
    ...selectStorageCost(u, prices),
    ...selectBreakEven(prices),
    ...selectChosenMode(u, cap),
    ...selectStreamCost(u, lambda, hoursPerMonth),
  };
  return { cost, findings: costFindings(u, cost) };
}
