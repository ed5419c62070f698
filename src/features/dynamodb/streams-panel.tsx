/**
 * The Streams part of the DynamoDB section (issue 18 item 4): the stream and Lambda consumer
 * inputs of the selected table, the verdict (keeps up or falls behind, and what is enough), the
 * explained numbers, the Lambda cost when its prices loaded, and a day-of-traffic chart of the
 * iterator age. Its own file so the DynamoDB panel only mounts it.
 */
import { lazy, Suspense } from 'react';
import { formatNumber } from '../../components/format';
import type { DynamoTableResult } from '../../engine/dynamodb/types';
import { LAMBDA_ARCHITECTURES, ON_FAILURE_DESTINATIONS, STREAM_VIEW_TYPES, type DynamoPlan, type DynamoTable } from '../../plan/dynamodb-schema';
import { DdbRow } from './ddb-row';
import { NumberField } from '../../fields/number-field';
import { DynamoNumberField, DdbRadio, setIn, useCommitDynamo, useDynamoPlan } from './dynamo-fields';

const StreamAgeChart = lazy(() => import('./streams-chart').then((m) => ({ default: m.StreamAgeChart })));

const options = <T extends string>(values: readonly T[]) => values.map((value) => ({ value, label: value }));
const VIEW_OPTIONS = options(STREAM_VIEW_TYPES.options);
const ARCH_OPTIONS = options(LAMBDA_ARCHITECTURES.options);
const FAILURE_OPTIONS = options(ON_FAILURE_DESTINATIONS.options);

function Check({ index, path, label, checked }: { index: number; path: string[]; label: string; checked: boolean }) {
  const dyn = useDynamoPlan();
  const commit = useCommitDynamo();
  const id = `ddb-${index}-${path.join('-')}`;
  return (
    <div className="nf nf-check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => commit(setIn(dyn, ['tables', index, ...path], e.target.checked) as DynamoPlan)} data-testid={`ddb-field-${path.join('.')}`} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

function ConsumerInputs({ index, table }: { index: number; table: DynamoTable }) {
  const k = table.stream.consumer;
  const c = (f: string) => ['stream', 'consumer', f];
  return (
    <fieldset className="ddb-group">
      <legend>Lambda consumer</legend>
      <DdbRadio table={index} path={['stream', 'viewType']} label="View type" options={VIEW_OPTIONS} />
      <div className="field-pair">
        <DynamoNumberField table={index} path={c('batchSize')} label="Batch size" hint="1–10,000 records" />
        <DynamoNumberField table={index} path={c('batchingWindowS')} label="Batching window" unit="s" hint="0–300 s" />
      </div>
      <DynamoNumberField table={index} path={c('parallelizationFactor')} label="Parallelization factor" hint="1–10 batches per shard at once" />
      <div className="field-pair">
        <DynamoNumberField table={index} path={c('fixedMsPerBatch')} label="Time per batch" unit="ms" />
        <DynamoNumberField table={index} path={c('perRecordMs')} label="Time per record" unit="ms" />
      </div>
      <DynamoNumberField table={index} path={c('memoryMB')} label="Memory" unit="MB" />
      <DdbRadio table={index} path={c('architecture')} label="Architecture" options={ARCH_OPTIONS} />
      <div className="field-pair">
        <DynamoNumberField table={index} path={c('maximumRetryAttempts')} label="Retry attempts" hint="-1 = until the record expires" />
        <DynamoNumberField table={index} path={c('maximumRecordAgeS')} label="Maximum record age" unit="s" hint="-1 or 60–604,800" />
      </div>
      <Check index={index} path={c('bisectOnError')} label="Bisect a failing batch" checked={k.bisectOnError} />
      <Check index={index} path={c('reportBatchItemFailures')} label="Report partial batch failures" checked={k.reportBatchItemFailures} />
      <DdbRadio table={index} path={c('onFailure')} label="On-failure destination" options={FAILURE_OPTIONS} />
    </fieldset>
  );
}

function Verdict({ r }: { r: DynamoTableResult }) {
  const s = r.stream;
  if (!s) return null;
  if (s.keepsUp.value) {
    return (
      <p className="verdict verdict-ok" data-testid="ddb-stream-verdict">
        Keeps up: the hottest shard uses <span data-testid="ddb-stream-verdict-use">{formatNumber(s.shardUtilisation.value * 100)}%</span> of what its consumers sustain.
      </p>
    );
  }
  const loss = s.retentionLossH.value;
  const pf = s.neededParallelization.value;
  return (
    <p className="verdict verdict-over" data-testid="ddb-stream-verdict">
      Falls behind at peak: IteratorAge grows <span data-testid="ddb-stream-verdict-growth">{formatNumber(s.ageGrowthPerSec.value)} s</span> per second
      {loss !== null ? (
        <>
          ; records pass the 24 h retention after <span data-testid="ddb-stream-verdict-loss">{formatNumber(loss)} h</span> (data loss)
        </>
      ) : (
        '; the backlog drains off-peak'
      )}
      .
      {pf !== null ? (
        <>
          {' '}
          A parallelization factor of <span data-testid="ddb-stream-verdict-pf">{pf}</span> is enough.
        </>
      ) : (
        ' Even a parallelization factor of 10 is not enough.'
      )}
    </p>
  );
}

export function StreamsPanel({ index, table, r }: { index: number; table: DynamoTable; r: DynamoTableResult }) {
  const s = r.stream;
  return (
    <section className="ddb-streams" data-testid="ddb-streams">
      <h3 className="ddb-subhead">Streams</h3>
      <Check index={index} path={['stream', 'enabled']} label="DynamoDB Stream with a Lambda consumer" checked={table.stream.enabled} />
      {table.stream.enabled && s ? (
        <>
          <Verdict r={r} />
          <NumberField field="dynamodb.lambdaAccountConcurrency" label="Lambda concurrency of the account" hint="Shared by every function in the region; 1,000 unless AWS raised it." />
          <div className="ddb-columns">
            <ConsumerInputs index={index} table={table} />
            <ul className="settings">
              <DdbRow item={s.shards} testId="ddb-stream-shards" />
              <DdbRow item={s.hottestShardPerSec} testId="ddb-stream-hot" />
              <DdbRow item={s.shardCeilingPerSec} testId="ddb-stream-ceiling" />
              <DdbRow item={s.fullBatchMs} />
              <DdbRow item={s.concurrency} testId="ddb-stream-concurrency" />
              <DdbRow item={s.maxIteratorAgeS} testId="ddb-stream-max-age" />
              <DdbRow item={s.retentionLossH} />
              <DdbRow item={s.neededParallelization} />
              <DdbRow item={s.neededBatchSize} />
              <DdbRow item={s.maxPerRecordMs} />
              <DdbRow item={s.averageBatchSize} />
              <DdbRow item={s.invocationsPerSec} />
              <DdbRow item={s.alarmIteratorAgeMs} />
              {r.streamMonthlyUsd ? <DdbRow item={r.streamMonthlyUsd} testId="ddb-stream-cost" /> : <li className="muted">Lambda cost: waiting for its prices.</li>}
            </ul>
          </div>
          <figure className="ddb-chart">
            <figcaption>Iterator age of the hottest shard through the first day</figcaption>
            <Suspense
              fallback={
                <p className="muted" data-pending="">
                  Loading chart…
                </p>
              }
            >
              <StreamAgeChart stream={s} />
            </Suspense>
          </figure>
        </>
      ) : null}
    </section>
  );
}
