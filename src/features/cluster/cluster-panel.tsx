/**
 * Cluster (issue 7): balancing method, passive health checks, zones, microcache, the failure
 * what-ifs and a simulated comparison of the balancing methods (in a Web Worker, with progress).
 * Lazy-loaded from app.tsx; Recharts loads only with the chart.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import { CheckboxField, enumOptions, SelectField } from '../../fields/choice-field';
import { formatNumber } from '../../components/format';
import { useEditedText, type EditResult } from '../../components/use-edited-text';
import { FindingItems } from '../../components/finding-items';
import { ValueRow } from '../../components/value-row';
import { NumberField } from '../../fields/number-field';
import { Section } from '../../components/section';
import type { ClusterResult } from '../../engine/cluster/cluster';
import type { WhatIf } from '../../engine/cluster/failures';
import type { LbSimInput, LbSimResult, SimMethod } from '../../engine/cluster/lb-sim';
import { ServerKindsEditor, ServerList } from './server-kinds';
import { LB_METHODS, MAX_SERVER_WEIGHT, type Plan } from '../../plan/schema';
import { usePlanStore } from '../../state/plan-store';
import { useAnalysis } from '../../state/use-analysis';
import { cancelMethodComparison, simulateMethods } from '../../state/analysis-worker-client';
import { isSuperseded } from '../../workers/rpc';
import './cluster.css';

const MethodChart = lazy(() => import('./method-chart'));

const VERDICT_TEXT = { meets: 'meets the SLO', 'misses-slo': 'misses the SLO', overloaded: 'overloaded' } as const;
const SEED = 20260701;

const SIM_METHOD_LABEL: Record<SimMethod, string> = {
  round_robin: 'round robin',
  least_conn: 'least_conn',
  random: 'random',
  random_two: 'random two',
  ip_hash: 'ip_hash / hash / sticky',
};

const Row = ValueRow;

function Verdict({ w, testId }: { w: WhatIf; testId: string }) {
  return (
    <>
      <Row item={w.verdictE} testId={testId} text={`${w.serving} serving: ${VERDICT_TEXT[w.verdict]}`} />
      <Row item={w.perServerBackendRps} testId={`${testId}-rps`} />
      {w.perKind.length > 1 ? (
        <li className="setting" data-testid={`${testId}-kinds`}>
          <div className="setting-main">
            <span className="setting-label">By server kind (backend rps per server)</span>
            <span className="setting-value">
              {w.perKind.map((k, i) => (
                <span key={k.name}>
                  {i > 0 ? '; ' : ''}
                  <span data-testid={`${testId}-kind-name-${k.name}`}>{k.name}</span>: <span data-testid={`${testId}-kind-rps-${k.name}`}>{formatNumber(Math.round(k.perServerBackendRps * 10) / 10)}</span> — {VERDICT_TEXT[k.verdict]}
                </span>
              ))}
            </span>
          </div>
        </li>
      ) : null}
    </>
  );
}

type SimState = { status: 'idle' } | { status: 'running'; done: number } | { status: 'done'; results: LbSimResult[]; input: LbSimInput } | { status: 'error'; message: string };

/** Runs the method comparison in the analysis worker (main-thread fallback where workers are unavailable). */
function useMethodComparison() {
  const [state, setState] = useState<SimState>({ status: 'idle' });
  useEffect(() => () => cancelMethodComparison(), []);
  const run = (input: LbSimInput) => {
    setState({ status: 'running', done: 0 });
    simulateMethods({ input, seed: SEED }, (done) => setState({ status: 'running', done })).then(
      (results) => setState({ status: 'done', results, input }),
      // A newer run replaced this one: its own result follows.
      (e: unknown) => {
        if (!isSuperseded(e)) setState({ status: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
  };
  return { state, run };
}

/** The fleet's weights as text: "3, 1, 1"; empty = all equal. */
function WeightsField() {
  const weights = usePlanStore((s) => s.plan.fleet.weights);
  const servers = usePlanStore((s) => s.plan.fleet.servers);
  const setField = usePlanStore((s) => s.setField);
  const stored = weights === null ? '' : weights.join(', ');
  const { text, error, onChange: commit } = useEditedText(stored, (raw): EditResult<string> => {
    const t = raw.trim();
    if (t === '') {
      setField(['fleet', 'weights'], null);
      return { ok: true, value: '' };
    }
    const parts = t.split(/[\s,]+/).filter((x) => x !== '');
    const nums = parts.map((x) => (/^\d+$/.test(x) ? Number(x) : NaN));
    // Say which entry is wrong, then the rule.
    const badAt = nums.findIndex((n) => !Number.isInteger(n) || n < 1 || n > MAX_SERVER_WEIGHT);
    if (badAt >= 0 || nums.length !== servers) {
      const which =
        badAt >= 0
          ? `entry ${badAt + 1} ("${parts[badAt]}") must be a whole number from 1 to ${MAX_SERVER_WEIGHT}`
          : `${nums.length} weight${nums.length === 1 ? '' : 's'} for ${servers} server${servers === 1 ? '' : 's'}`;
      return { ok: false, message: `weights: ${which} — one per server, 1–${MAX_SERVER_WEIGHT} (nginx's server weight), e.g. ${Array.from({ length: Math.min(servers, 4) }, () => 1).join(', ')}${servers > 4 ? ', …' : ''}` };
    }
    const r = setField(['fleet', 'weights'], nums);
    return r.ok ? { ok: true, value: nums.join(', ') } : r;
  });
  return (
    <div className="nf">
      <label htmlFor="cluster-weights" className="nf-label">
        Server weights
      </label>
      <input
        id="cluster-weights"
        type="text"
        inputMode="numeric"
        value={text}
        placeholder="all equal"
        onChange={(e) => commit(e.target.value)}
        aria-invalid={error !== null}
        aria-describedby="cluster-weights-hint"
        data-testid="field-fleet.weights"
      />
      <p className="nf-hint" id="cluster-weights-hint">
        One nginx weight per main server (1–1000), e.g. 2, 2, 1; empty = equal. These servers all have the plan's hardware; for different hardware add a server
        kind below.
      </p>
      {error ? (
        <p className="nf-error" role="alert" data-testid="cluster-weights-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The cluster's inputs: balancing, health checks, zones, weights, kinds, backups and the microcache. */
function ClusterInputs({ methodNote, microcache, app }: { methodNote: string; microcache: boolean; app: Plan['app'] }) {
  return (
    <>
      <SelectField field="fleet.lbMethod" label="Balancing method" options={enumOptions(LB_METHODS.options)} />
      <p className="nf-hint" data-testid="cluster-method-note">
        {methodNote}
      </p>
      <NumberField field="fleet.maxFails" label="max_fails" hint="Failures within fail_timeout that mark a server down (0 = never; nginx default 1)." />
      <NumberField field="fleet.failTimeoutS" label="fail_timeout" unit="s" />
      <NumberField field="fleet.zones" label="Zones" hint="Servers are spread evenly over the zones." />
      <WeightsField />
      <ServerKindsEditor />
      <NumberField field="fleet.backupServers" label="Backup servers" hint="Extra servers marked backup: nginx sends them traffic only when every server above is down (not with ip_hash, hash or random)." />
      <NumberField field="fleet.maxConns" label="max_conns per server" hint="Empty = unlimited. Active connections per server (per nginx worker without a shared zone)." />
      <NumberField field="fleet.sessionS" label="Session length" unit="s" hint="Longest client session (websocket, long poll, upload); 0 = plain requests. Drives the draining time." />
      <CheckboxField field="cache.microcacheEnabled" label="Microcache dynamic responses" />
      {microcache ? (
        <>
          <NumberField field="cache.ttlS" label="Cache TTL" unit="s" />
          <NumberField field="cache.hitRatio" label="Hit ratio" unit="%" scale={100} slider={{ min: 0, max: 100, step: 5 }} />
          <NumberField field="cache.keys" label="Cache keys" />
          <NumberField field="cache.avgObjectKiB" label="Average object" unit="KiB" />
          <CheckboxField field="cache.lock" label={app === 'phpfpm' ? 'fastcgi_cache_lock' : 'proxy_cache_lock'} />
          <CheckboxField field="cache.staleWhileUpdating" label={app === 'phpfpm' ? 'fastcgi_cache_use_stale updating' : 'proxy_cache_use_stale updating'} />
        </>
      ) : null}
    </>
  );
}

/** The failure what-ifs: toggles for one server / one zone down, and the fleet's verdict and cache numbers. */
function ClusterWhatIf({ result, zones }: { result: ClusterResult; zones: number }) {
  const [oneDown, setOneDown] = useState(false);
  const [zoneDown, setZoneDown] = useState(false);
  const scenario = zoneDown && zones > 1 ? result.oneZoneDown : oneDown ? result.oneServerDown : result.normal;
  const c = result.cache;
  return (
    <>
      <h3 className="cluster-subhead">What-if</h3>
      <div className="nf nf-check">
        <input id="cluster-one-down" type="checkbox" checked={oneDown} onChange={(e) => setOneDown(e.target.checked)} data-testid="cluster-toggle-one-down" />
        <label htmlFor="cluster-one-down">One server down</label>
      </div>
      <div className="nf nf-check">
        <input id="cluster-zone-down" type="checkbox" checked={zoneDown && zones > 1} disabled={zones <= 1} onChange={(e) => setZoneDown(e.target.checked)} data-testid="cluster-toggle-zone-down" />
        <label htmlFor="cluster-zone-down">
          One zone down (<span data-testid="cluster-zones">{zones}</span> zone{zones === 1 ? ': set 2 or more zones above to use this' : 's'})
        </label>
      </div>
      <ul className="settings" data-testid="cluster-results">
        <Verdict w={scenario} testId="cluster-verdict" />
        <Row item={result.serverShare} testId="cluster-server-share" />
        <Row item={result.drainS} testId="cluster-drain" />
        <Row item={c.backendWithoutRps} testId="cluster-backend-without" />
        <Row item={c.backendWithRps} testId="cluster-backend-with" />
        {c.enabled ? (
          <>
            <Row item={c.hotKeyMaxRps} testId="cluster-hot-key" />
            <Row item={c.zoneMiB} testId="cluster-zone-mib" />
            <Row item={c.diskMiB} testId="cluster-disk-mib" />
          </>
        ) : null}
      </ul>
    </>
  );
}

/** The simulated comparison of the balancing methods: set-up, run button, progress, chart and table. */
function MethodComparison({ sim, sloMs }: { sim: ClusterResult['sim']; sloMs: number }) {
  const { state, run } = useMethodComparison();
  return (
    <>
      <h3 className="cluster-subhead">Compare methods (simulated)</h3>
      <ul className="settings">
        <Row item={sim.explained} testId="cluster-sim-setup" />
      </ul>
      <button type="button" className="btn" onClick={() => run(sim.input)} disabled={state.status === 'running'} data-testid="cluster-compare">
        Compare methods
      </button>
      {state.status === 'running' ? (
        <progress max={1} value={state.done} className="cluster-progress" aria-label="Simulation progress" data-testid="cluster-progress" />
      ) : null}
      {state.status === 'error' ? (
        <p className="nf-error" role="alert">
          {state.message}
        </p>
      ) : null}
      {state.status === 'done' ? <MethodResults results={state.results} input={state.input} sloMs={sloMs} /> : null}
    </>
  );
}

function MethodResults({ results, input, sloMs }: { results: LbSimResult[]; input: LbSimInput; sloMs: number }) {
  return (
    <div data-testid="cluster-sim-results">
      <p className="nf-hint">
        Simulated for {input.servers} servers at {Math.round(input.load * 100)}% load (seed {SEED}, {formatNumber(input.completions)} requests per
        method): no closed form exists for these tails. Run it again after changing the plan.
      </p>
      <Suspense
        fallback={
          <div className="chart-placeholder" data-pending="">
            Loading the chart…
          </div>
        }
      >
        <MethodChart data={results.map((r) => ({ method: SIM_METHOD_LABEL[r.method], p95: Math.round(r.p95Ms), p99: Math.round(r.p99Ms) }))} sloMs={sloMs} />
      </Suspense>
      <table className="cluster-sim-table">
        <thead>
          <tr>
            <th>Method</th>
            <th>mean ms</th>
            <th>p95 ms</th>
            <th>p99 ms</th>
            <th>busiest server share</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.method} data-testid={`cluster-sim-${r.method}`}>
              <td>{SIM_METHOD_LABEL[r.method]}</td>
              <td>{formatNumber(Math.round(r.meanMs))}</td>
              <td>{formatNumber(Math.round(r.p95Ms))}</td>
              <td>{formatNumber(Math.round(r.p99Ms))}</td>
              <td>{formatNumber(Math.round(r.maxServerShare * 1000) / 10)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function ClusterPanel() {
  // The settled plan, not the live one: following every slider tick would re-render this panel
  // inside the slider's own frame.
  const plan = useAnalysis('settled', (a) => a.plan);
  const result = useAnalysis('settled', (a) => a.cluster);
  const kinds = useAnalysis('settled', (a) => a.kinds);
  return (
    <Section id="cluster" title="Cluster" whyGroup>
      <p className="nf-hint">
        How nginx balances the fleet, what the microcache takes off the app, and whether the fleet still meets the SLO when a server or a zone is lost.
      </p>
      <ClusterInputs methodNote={result.method.note} microcache={plan.cache.microcacheEnabled} app={plan.app} />
      <ClusterWhatIf result={result} zones={plan.fleet.zones} />
      <h3 className="cluster-subhead">Servers at the target load</h3>
      <ServerList kinds={kinds} percentile={plan.workload.sloPercentile} />
      {result.findings.length > 0 ? <FindingItems findings={result.findings} testId="cluster-findings" /> : null}
      <MethodComparison sim={result.sim} sloMs={plan.workload.sloMs} />
    </Section>
  );
}
