/**
 * DynamoDB capacity planner panel (issue 3): table inputs, live RCU/WCU, auto scaling, partitions,
 * cost and findings, each number with its explanation, plus two lazily loaded charts.
 *
 * Prices come from public/prices/dynamodb.json through TanStack Query (needs a
 * QueryClientProvider at the root). While they load or if they fail, units and partitions stay
 * live; only the cost figures wait (with a retry button on error).
 */
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { formatNumber, formatPercent, formatUsd } from '../../components/format';
import { FindingItems } from '../../components/finding-items';
import { Section } from '../../components/section';
import type { CostChart, DayChart } from '../../engine/dynamodb/chart-data';
import type { DynamoFinding, DynamoTableResult } from '../../engine/dynamodb/types';
import type { Explained } from '../../engine/types';
import { DYNAMO_REGIONS, defaultDynamoTable, gsiSchema, MAX_GSIS_PER_TABLE, MAX_TABLES, type DynamoPlan, type DynamoTable } from '../../plan/dynamodb-schema';
import { getDynamoPricesQueryOptions } from '../../state/data-queries';
import { useAnalysis } from '../../state/use-analysis';
import { DynamoNumberField, DdbRadio, DdbShareReadout, DdbTextField, setIn, useCommitDynamo, useDynamoPlan } from './dynamo-fields';
import { DdbRow } from './ddb-row';
import { GsiProjectionFields } from './gsi-fields';
import { StreamsPanel } from './streams-panel';

const DynamoCostChart = lazy(() => import('./dynamo-charts').then((m) => ({ default: m.DynamoCostChart })));
const DynamoDayChart = lazy(() => import('./dynamo-charts').then((m) => ({ default: m.DynamoDayChart })));


const SOURCE_OPTIONS = [
  { value: 'per-request', label: 'Web tier × calls per request' },
  { value: 'direct', label: 'Enter reads/s and writes/s' },
] as const;
const MODE_OPTIONS = [
  { value: 'provisioned', label: 'Provisioned + auto scaling' },
  { value: 'on-demand', label: 'On-demand' },
] as const;


/** A tile; `sub` is its second line, a number in it wrapped in a `<testId>-sub` element by the caller. */
function Tile({ label, value, sub, testId, tone = 'ok' }: { label: string; value: string; sub?: ReactNode; testId: string; tone?: 'ok' | 'warning' | 'over' }) {
  return (
    <div className={`tile tile-${tone}`}>
      <div className="tile-label">{label}</div>
      <div className="tile-value" data-testid={testId}>
        {value}
      </div>
      {sub ? <div className="tile-sub">{sub}</div> : null}
    </div>
  );
}

function Findings({ findings }: { findings: DynamoFinding[] }) {
  if (findings.length === 0) return <p className="muted">No DynamoDB problems found.</p>;
  return <FindingItems findings={findings} testId="ddb-findings" />;
}

function TableInputs({ index, table }: { index: number; table: DynamoTable }) {
  const dyn = useDynamoPlan();
  const commit = useCommitDynamo();
  const addGsi = () => {
    const name = `gsi${table.gsis.length + 1}`;
    commit(setIn(dyn, ['tables', index, 'gsis'], [...table.gsis, gsiSchema.parse({ name: table.gsis.some((g) => g.name === name) ? `${name}-${index}` : name })]) as DynamoPlan);
  };
  const removeGsi = (j: number) => commit(setIn(dyn, ['tables', index, 'gsis'], table.gsis.filter((_, k) => k !== j)) as DynamoPlan);
  const provisioned = table.capacityMode === 'provisioned';
  return (
    <div className="ddb-inputs">
      <DdbTextField table={index} path={['name']} label="Table name" />
      <fieldset className="ddb-group">
        <legend>Traffic (peak of the day)</legend>
        <DdbRadio table={index} path={['source']} label="Rates" options={SOURCE_OPTIONS} />
        {table.source === 'direct' ? (
          <div className="field-pair">
            <DynamoNumberField table={index} path={['readsPerSec']} label="Read calls" unit="/s" />
            <DynamoNumberField table={index} path={['writesPerSec']} label="Item writes" unit="/s" />
          </div>
        ) : (
          <div className="field-pair">
            <DynamoNumberField table={index} path={['readsPerRequest']} label="Reads per request" />
            <DynamoNumberField table={index} path={['writesPerRequest']} label="Writes per request" />
          </div>
        )}
        <DynamoNumberField table={index} path={['peakToAverage']} label="Peak / average" unit="×" hint="Daily peak over the daily average (1 = flat)." />
      </fieldset>
      <fieldset className="ddb-group">
        <legend>Items</legend>
        <div className="field-pair">
          <DynamoNumberField table={index} path={['itemSizeBytes']} label="Item size (reads)" unit="B" hint="Max 409,600 B (400 KB)." />
          <DynamoNumberField table={index} path={['writeItemSizeBytes']} label="Item size (writes)" unit="B" hint="UpdateItem: larger of before/after." />
        </div>
      </fieldset>
      <fieldset className="ddb-group">
        <legend>Reads</legend>
        <div className="field-pair">
          <DynamoNumberField table={index} path={['strongShare']} label="Strong" unit="%" scale={100} />
          <DynamoNumberField table={index} path={['transactionalShare']} label="Transactional" unit="%" scale={100} />
        </div>
        <DdbShareReadout table={index} field="eventualShare" label="Eventual" />
        <div className="field-pair">
          <DynamoNumberField table={index} path={['batchGetShare']} label="BatchGetItem" unit="%" scale={100} />
          <DynamoNumberField table={index} path={['itemsPerBatchGet']} label="Items per batch" />
        </div>
        <div className="field-pair">
          <DynamoNumberField table={index} path={['queryShare']} label="Query" unit="%" scale={100} />
          <DynamoNumberField table={index} path={['itemsPerQuery']} label="Items per query" />
        </div>
        <div className="field-pair">
          <DynamoNumberField table={index} path={['scanShare']} label="Scan" unit="%" scale={100} />
          <DynamoNumberField table={index} path={['itemsPerScan']} label="Items per scan" />
        </div>
        <DdbShareReadout table={index} field="getShare" label="GetItem" />
      </fieldset>
      <fieldset className="ddb-group">
        <legend>Writes</legend>
        <DynamoNumberField table={index} path={['transactionalWriteShare']} label="Transactional writes" unit="%" scale={100} />
        {table.gsis.map((g, j) => (
          <div key={j} className="ddb-gsi" data-testid={`ddb-gsi-${j}`}>
            <DdbTextField table={index} path={['gsis', j, 'name']} label={`GSI ${j + 1} name`} />
            <div className="field-pair">
              <DynamoNumberField table={index} path={['gsis', j, 'projectedEntryBytes']} label="Entry size" unit="B" />
              <DynamoNumberField table={index} path={['gsis', j, 'writeShare']} label="Writes touching it" unit="%" scale={100} />
            </div>
            <DynamoNumberField table={index} path={['gsis', j, 'keyChangeShare']} label="Writes changing its key" unit="%" scale={100} />
            <GsiProjectionFields table={index} index={j} gsi={g} />
            <button type="button" className="btn" onClick={() => removeGsi(j)}>
              Remove {g.name}
            </button>
          </div>
        ))}
        {table.gsis.length < MAX_GSIS_PER_TABLE ? (
          <button type="button" className="btn" onClick={addGsi} data-testid="ddb-add-gsi">
            Add GSI
          </button>
        ) : null}
      </fieldset>
      <fieldset className="ddb-group">
        <legend>Storage and keys</legend>
        <div className="field-pair">
          <DynamoNumberField table={index} path={['storageGB']} label="Storage now" unit="GB" />
          <DynamoNumberField table={index} path={['growthGBPerMonth']} label="Growth" unit="GB/mo" />
        </div>
        <div className="field-pair">
          <DynamoNumberField table={index} path={['distinctPartitionKeys']} label="Distinct partition keys" />
          <DynamoNumberField table={index} path={['hottestKeyShare']} label="Hottest key share" unit="%" scale={100} />
        </div>
      </fieldset>
      <fieldset className="ddb-group">
        <legend>Capacity</legend>
        <DdbRadio table={index} path={['capacityMode']} label="Capacity mode" options={MODE_OPTIONS} />
        {provisioned ? (
          <>
            <div className="field-pair">
              <DynamoNumberField table={index} path={['autoscaling', 'minRcu']} label="Min RCU" />
              <DynamoNumberField table={index} path={['autoscaling', 'maxRcu']} label="Max RCU" />
            </div>
            <div className="field-pair">
              <DynamoNumberField table={index} path={['autoscaling', 'minWcu']} label="Min WCU" />
              <DynamoNumberField table={index} path={['autoscaling', 'maxWcu']} label="Max WCU" />
            </div>
            <div className="field-pair">
              <DynamoNumberField table={index} path={['autoscaling', 'readTargetPct']} label="Read target" unit="%" hint="20–90%" />
              <DynamoNumberField table={index} path={['autoscaling', 'writeTargetPct']} label="Write target" unit="%" hint="20–90%" />
            </div>
          </>
        ) : null}
      </fieldset>
    </div>
  );
}

function Group({ title, items }: { title: string; items: [Explained<unknown>, string?][] }) {
  return (
    <>
      <h3 className="ddb-subhead">{title}</h3>
      <ul className="settings">
        {items.map(([item, testId]) => (
          <DdbRow key={item.key} item={item} testId={testId} />
        ))}
      </ul>
    </>
  );
}

function TableOutputs({ r, costsReady }: { r: DynamoTableResult; costsReady: boolean }) {
  const provisioned = r.capacityMode === 'provisioned';
  return (
    <div className="ddb-outputs">
      <Group
        title="Units"
        items={[
          [r.readOpsPerSec, 'ddb-read-ops'],
          [r.writeOpsPerSec, 'ddb-write-ops'],
          [r.strongRcuPerRead],
          [r.consistencyFactor],
          [r.rcuPerRead, 'ddb-rcu-per-read'],
          [r.wcuPerWrite, 'ddb-wcu-per-write'],
          [r.peakRcu],
          [r.avgRcu],
          [r.peakWcu],
          [r.avgWcu],
          ...r.gsis.flatMap((g) => [[g.entryBytes], [g.wcuPerWrite], [g.peakWcu], [g.peakRcu]] as [Explained<unknown>][]),
          [r.totalPeakWcu],
        ]}
      />
      {provisioned ? (
        <Group
          title="Auto scaling"
          items={[
            [r.provisionedPeakRcu, 'ddb-provisioned-rcu'],
            [r.provisionedAvgRcu],
            [r.provisionedPeakWcu, 'ddb-provisioned-wcu'],
            [r.provisionedAvgWcu],
            [r.meanProvisionedRcu],
            [r.meanProvisionedWcu],
            [r.readUtilisation],
            [r.writeUtilisation],
            [r.readSpikeThrottleStartsS],
            [r.writeSpikeThrottleStartsS],
            [r.throttledMinutesPerDay],
          ]}
        />
      ) : null}
      <Group
        title="Partitions and hot keys"
        items={[[r.partitionsByThroughput], [r.partitionsBySize], [r.partitions, 'ddb-partitions'], [r.hotKeyShare], [r.hotKeyRcu], [r.hotKeyWcu], [r.hottestPartitionLoad], [r.writeShardingFactor, 'ddb-write-sharding'], [r.readShardingFactor]]}
      />
      <Group title="Quota (40,000 per table)" items={[[r.tablePeakRcuForQuota], [r.tablePeakWcuForQuota]]} />
      {costsReady ? (
        <Group
          title="Cost"
          items={[
            [r.provisionedMonthlyUsd],
            [r.onDemandMonthlyUsd],
            [r.breakEvenReadUtilisation],
            [r.breakEvenWriteUtilisation],
            [r.cheaperMode],
            [r.storageGB],
            [r.storageGB12m],
            [r.storageMonthlyUsd],
          ]}
        />
      ) : null}
      <Group title="Batching" items={[[r.batchWriteCallsSavedPerSec], [r.batchGetCallsSavedPerSec]]} />
    </div>
  );
}

function PricesStatus({ status, error, refetch, asOf, regionOk }: { status: 'pending' | 'error' | 'success'; error: Error | null; refetch: () => void; asOf: string; regionOk: boolean }) {
  if (status === 'pending') {
    return (
      <p className="muted" role="status" data-testid="ddb-prices-loading" data-pending="">
        Loading DynamoDB prices…
      </p>
    );
  }
  if (status === 'error') {
    return (
      <div className="panel-error" role="alert" data-testid="ddb-prices-error">
        <p>Could not load DynamoDB prices: {error?.message ?? 'unknown error'}. Units and partitions below are still live; costs are hidden.</p>
        <button type="button" className="btn" onClick={refetch} data-testid="ddb-prices-retry">
          Retry
        </button>
      </div>
    );
  }
  return (
    <p className="muted" data-testid="ddb-prices-asof">
      Prices as of {asOf}
      {regionOk ? '' : ' (none for this region)'}.
    </p>
  );
}

function Charts({ day, cost }: { day: DayChart; cost: CostChart | null }) {
  const [dimension, setDimension] = useState<'read' | 'write'>('read');
  const spans = dimension === 'read' ? day.readSpans : day.writeSpans;
  const placeholder = (
    <div className="chart-placeholder" data-pending="">
      Loading chart…
    </div>
  );
  const dayText = `Demand and provisioned ${dimension === 'read' ? 'RCU' : 'WCU'} over a day, ${spans.length === 0 ? 'no throttling' : `throttled in ${spans.length} span(s)`}.`;
  const dayCaption = (
    <>
      Demand and provisioned {dimension === 'read' ? 'RCU' : 'WCU'} over a day,{' '}
      {spans.length === 0 ? (
        'no throttling'
      ) : (
        <>
          throttled in <span data-testid="ddb-chart-day-spans">{spans.length}</span> span(s)
        </>
      )}
      .
    </>
  );
  return (
    <>
      {cost ? (
        <figure className="chart">
          <h3>Monthly capacity cost against average utilisation</h3>
          <div className="chart-box" role="img" aria-label={`Provisioned cost falls as utilisation rises; it drops below on-demand (${formatUsd(cost.onDemandUsd)}/month) above ${cost.breakEvenPct.toFixed(1)}% utilisation. This plan: ${cost.currentPct.toFixed(0)}%.`} data-testid="ddb-chart-cost" data-break-even={cost.breakEvenPct.toFixed(2)}>
            <Suspense fallback={placeholder}>
              <DynamoCostChart chart={cost} />
            </Suspense>
          </div>
          <figcaption className="chart-caption">Capacity only; storage costs the same in both modes. Y axis clipped at 3 × on-demand.</figcaption>
        </figure>
      ) : null}
      <figure className="chart">
        <h3>A day of traffic against auto scaling</h3>
        <div className="radio-options" role="group" aria-label="Dimension">
          {(['read', 'write'] as const).map((d) => (
            <label key={d} className="radio-option">
              <input type="radio" name="ddb-day-dimension" checked={dimension === d} onChange={() => setDimension(d)} />
              <span>{d === 'read' ? 'Reads' : 'Writes (table)'}</span>
            </label>
          ))}
        </div>
        <div className="chart-box" role="img" aria-label={dayText} data-testid="ddb-chart-day" data-throttled-spans={spans.length}>
          <Suspense fallback={placeholder}>
            <DynamoDayChart chart={day} dimension={dimension} />
          </Suspense>
        </div>
        <figcaption className="chart-caption">
          {dayCaption} Raised-cosine day (peak 14:00 UTC); scale up after 2 minutes above target (+2 min UpdateTable), down after 15 below, ≤ 27 decreases a day; red bands are throttled spans.
        </figcaption>
      </figure>
    </>
  );
}

export default function DynamoPanel() {
  // The inputs follow the live plan; the numbers follow the settled plan, so a web-tier slider
  // commits its own numbers first and the DynamoDB panel (charts of a simulated day) catches up
  // when the slider pauses, without holding up its frame.
  const dyn = useDynamoPlan();
  const section = useAnalysis('settled', (a) => a.dynamodb);
  const commit = useCommitDynamo();
  // The query says whether the price file loaded; the prices reach the numbers through the analysis.
  const query = useQuery(getDynamoPricesQueryOptions());
  const [selected, setSelected] = useState(0);
  const index = Math.min(selected, dyn.tables.length - 1);
  const prices = query.data ?? null;
  const regionOk = !section || section.costProblem === null;
  const costsReady = section !== null && section.cost !== null;
  const result = section?.shown ?? null;
  const findings = result?.findings ?? [];
  const table = dyn.tables[index];
  const r = result?.tables[index];
  const charts = section?.charts[index];

  const addTable = () => {
    if (dyn.tables.length >= MAX_TABLES) return;
    let n = dyn.tables.length + 1;
    while (dyn.tables.some((t) => t.name === `table-${n}`)) n++;
    const res = commit({ ...dyn, tables: [...dyn.tables, { ...defaultDynamoTable(), name: `table-${n}` }] });
    if (res.ok) setSelected(dyn.tables.length);
  };
  const removeTable = () => {
    if (dyn.tables.length <= 1) return;
    commit({ ...dyn, tables: dyn.tables.filter((_, i) => i !== index) });
    setSelected(Math.max(0, index - 1));
  };

  return (
    <Section id="dynamodb" title="DynamoDB" className="ddb-panel" whyGroup>
      <PricesStatus status={query.status} error={query.error} refetch={() => void query.refetch()} asOf={prices?.asOf ?? ''} regionOk={regionOk} />
      <div className="nf nf-check">
        <input id="ddb-enabled" type="checkbox" checked={dyn.enabled} onChange={(e) => commit({ ...dyn, enabled: e.target.checked })} data-testid="ddb-field-enabled" />
        <label htmlFor="ddb-enabled">Plan DynamoDB tables</label>
      </div>
      {dyn.enabled ? (
        <>
          <div className="nf">
            <div className="nf-row">
              <label htmlFor="ddb-region" className="nf-label">
                Region
              </label>
              <select id="ddb-region" className="nf-select" value={dyn.region} onChange={(e) => commit({ ...dyn, region: e.target.value as DynamoPlan['region'] })} data-testid="ddb-field-region">
                {DYNAMO_REGIONS.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="nf">
            <div className="nf-row">
              <label htmlFor="ddb-table" className="nf-label">
                Table
              </label>
              <select id="ddb-table" className="nf-select" value={index} onChange={(e) => setSelected(Number(e.target.value))} data-testid="ddb-table-select">
                {dyn.tables.map((t, i) => (
                  <option key={i} value={i}>
                    {t.name}
                  </option>
                ))}
              </select>
              {dyn.tables.length < MAX_TABLES ? (
                <button type="button" className="btn" onClick={addTable} data-testid="ddb-add-table">
                  Add table
                </button>
              ) : null}
              {dyn.tables.length > 1 ? (
                <button type="button" className="btn" onClick={removeTable}>
                  Remove
                </button>
              ) : null}
            </div>
          </div>
          {table && r ? (
            <>
              <div className="tiles" aria-live="polite">
                <Tile label="RCU at peak" value={formatNumber(r.peakRcu.value)} sub={<><span data-testid="ddb-rcu-average">{formatNumber(r.avgRcu.value)}</span> average</>} testId="ddb-rcu" />
                <Tile label="WCU at peak" value={formatNumber(r.totalPeakWcu.value)} sub="table + GSIs" testId="ddb-wcu" />
                <Tile label="Partitions" value={formatNumber(r.partitions.value)} sub={<>hottest at <span data-testid="ddb-partitions-hottest">{formatPercent(r.hottestPartitionLoad.value, 0)}</span> of limit</>} testId="ddb-partitions-tile" tone={r.hottestPartitionLoad.value > 1 ? 'over' : r.hottestPartitionLoad.value > 0.8 ? 'warning' : 'ok'} />
                {costsReady ? (
                  <>
                    <Tile label="Provisioned / month" value={formatUsd(r.provisionedMonthlyUsd.value)} sub={table.capacityMode === 'provisioned' ? 'chosen' : undefined} testId="ddb-cost-provisioned" />
                    <Tile label="On-demand / month" value={formatUsd(r.onDemandMonthlyUsd.value)} sub={table.capacityMode === 'on-demand' ? 'chosen' : undefined} testId="ddb-cost-ondemand" />
                    <Tile label="Total DynamoDB / month" value={formatUsd(result?.totals.monthlyUsd.value ?? null)} sub={<>incl. <span data-testid="ddb-cost-storage">{formatUsd(result?.totals.storageMonthlyUsd.value ?? null)}</span> storage</>} testId="ddb-cost-total" />
                  </>
                ) : null}
              </div>
              <div className="ddb-columns">
                <TableInputs index={index} table={table} />
                <TableOutputs r={r} costsReady={costsReady} />
              </div>
              <h3 className="ddb-subhead">
                Findings (<span data-testid="ddb-findings-count">{findings.length}</span>)
              </h3>
              <Findings findings={findings} />
              {r ? <StreamsPanel index={index} table={table} r={r} /> : null}
              {charts ? <Charts day={charts.day} cost={charts.cost} /> : null}
            </>
          ) : null}
        </>
      ) : null}
    </Section>
  );
}
