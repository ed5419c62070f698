/**
 * Golden test of the one-analysis rule (README "Architecture"): for every fixture plan and 50
 * seeded random plans, every number the dashboard renders equals the plan's analysis, and the
 * plan CLI prints that same analysis.
 *
 * The panels are rendered on the server (renderToString) with the plan in the store, the shipped
 * catalog and prices as the analysis data (and as loaded queries, so the panels show their
 * prices and the optimizer), and every "why" open. Each shown number is parsed back and compared
 * with the analysis value within the precision it is shown with; every opened why must be an
 * explained value of the analysis, printed as the UI prints it, and an explained row without a
 * test id must show that value. A numeric test id the tables below do not know fails the test,
 * and so does any digit on screen outside what these checks compared: a new number on screen
 * must be added here.
 */
import { readFileSync } from 'node:fs';
import type { StateCreator } from 'zustand';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import fc from 'fast-check';
import { renderToString } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runPlanCli } from './cli/plan-cli';
import { analysisOutput } from './cli/analysis-output';
import { analyzePlan } from './engine/analysis/analyze-plan';
import type { AnalysisData, PlanAnalysis } from './engine/analysis/types';
import { parseCatalog } from './engine/catalog/schema';
import { parseLambdaPrices } from './engine/dynamodb/lambda-prices-schema';
import { parseDynamoPrices } from './engine/dynamodb/prices-schema';
import { planArb } from './plan/testing/plan-arb';
import { DYNAMO_FIXTURES } from './engine/testing/dynamo-arb';
import type { Explained } from './engine/types';
import { WhyOpenEverywhere } from './components/why-details';
import CatalogPanel from './features/catalog/catalog-panel';
import ClusterPanel from './features/cluster/cluster-panel';
import DynamoPanel from './features/dynamodb/dynamo-panel';
import FleetPanel from './features/fleet/fleet-panel';
import OverviewPanel from './features/overview/overview-panel';
import { FindingsList } from './features/results/findings-list';
import { HeadlineTiles } from './features/results/headline-tiles';
import { MemoryBar } from './features/results/memory-bar';
import { MiniSummary } from './features/results/mini-summary';
import { SettingsGroups } from './features/results/settings-groups';
import { FIXTURE_NAMES, fixture } from './plan/fixtures';
import type { Plan } from './plan/schema';
import { getAnalysisData, setAnalysisData } from './state/analysis-data';
import { getCatalogQueryOptions, getDynamoPricesQueryOptions, getLambdaPricesQueryOptions } from './state/data-queries';
import { checkWhys, explainedIn, parseHtml, type El } from './testing/golden-html';
import { usePlanStore } from './state/plan-store';
import { loadAnalyzer } from './state/use-analysis';

/*
 * renderToString reads a zustand store's server snapshot, which is the store's initial state: the
 * store-bound parts (inputs, the DynamoDB table shown and its stream toggle) would show the default
 * plan. Here a store's server snapshot is its current state, like the browser's first render.
 */
vi.mock('zustand', async (importOriginal) => {
  const actual = await importOriginal<typeof import('zustand')>();
  const { createStore } = await import('zustand/vanilla');
  const { useSyncExternalStore } = await import('react');
  const createImpl = (createState: StateCreator<object>) => {
    const api = createStore(createState);
    const useBoundStore = (selector: (s: object) => unknown = (s) => s) => useSyncExternalStore(api.subscribe, () => selector(api.getState()), () => selector(api.getState()));
    return Object.assign(useBoundStore, api);
  };
  const create = (createState?: StateCreator<object>) => (createState ? createImpl(createState) : createImpl);
  return { ...actual, create };
});

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const catalogText = read('../public/catalog/hardware.json');
const pricesText = read('../public/prices/dynamodb.json');
const lambdaText = read('../public/prices/lambda.json');

function shippedData(): AnalysisData {
  const catalog = parseCatalog(JSON.parse(catalogText));
  const prices = parseDynamoPrices(JSON.parse(pricesText));
  const lambda = parseLambdaPrices(JSON.parse(lambdaText));
  if (!catalog.ok || !prices.ok || !lambda.ok) throw new Error('shipped data files do not parse');
  return { catalog: catalog.catalog, dynamoPrices: prices.prices, lambdaPrices: lambda.prices };
}

/** What one test id shows: the analysis value, in the unit it is displayed in. */
type Expect = (a: PlanAnalysis) => number | null | undefined;
const ev = (e: Explained<unknown> | undefined): number | null => (e && typeof e.value === 'number' ? e.value : null);

const TABLE: Record<string, Expect> = {
  'out-capacity': (a) => a.web.performance.capacityRps.value,
  'out-slo-max': (a) => a.web.performance.sloMaxRps.value,
  'out-planned': (a) => a.web.performance.plannedRps,
  'out-slo-latency': (a) => a.slo.atPlannedMs,
  'out-cpu': (a) => a.web.performance.machineCpuUtil.value * 100,
  'out-cpu-pool': (a) => a.web.performance.current.cpuUtil * 100,
  'out-headroom': (a) => a.web.memory.headroomMiB.value,
  'out-ram-used': (a) => a.web.memory.usedShare * 100,
  // The tiles' second lines: the SLO target, the overload ratio, offered vs capacity.
  'out-slo-max-target': (a) => a.web.performance.sloMs,
  'out-slo-latency-target': (a) => a.web.performance.sloMs,
  'out-planned-over-capacity': (a) => a.slo.offeredOverCapacity * 100,
  'out-slo-latency-offered': (a) => a.web.performance.plannedRps,
  'out-slo-latency-capacity': (a) => a.web.performance.capacityRps.value,
  'out-workers': (a) => ev(a.web.gunicorn?.workers ?? a.web.phpfpm?.maxChildren),
  // Shown only when the plan has an hourly price (else "no price", no number).
  'out-monthly': (a) => a.fleet.totalMonthlyUsd.value,
  'out-monthly-servers': (a) => a.fleet.servers,
  // The memory line and legend (items by index: see patternRow).
  'out-mem-used': (a) => a.web.memory.usedMiB.value,
  'out-mem-total': (a) => a.web.memory.totalMiB,
  'out-mem-used-share': (a) => a.web.memory.usedShare * 100,
  'out-mem-status-headroom': (a) => a.web.memory.headroomMiB.value,
  'out-mem-headroom': (a) => a.web.memory.headroomMiB.value,
  // The phone's sticky summary (repeats tiles).
  'out-mini-pool': (a) => ev(a.web.gunicorn?.workers ?? a.web.phpfpm?.maxChildren),
  'out-mini-capacity': (a) => a.web.performance.capacityRps.value,
  'out-mini-latency': (a) => a.slo.atPlannedMs,
  'out-mini-over-capacity': (a) => a.slo.offeredOverCapacity * 100,
  'out-mini-mem': (a) => a.web.memory.usedShare * 100,
  // "Findings (n)": the web tier's findings, the list FindingsList shows.
  'findings-heading': (a) => a.web.findings.length,
  'fleet-serving': (a) => a.fleet.serving.value,
  'fleet-target-rps': (a) => a.fleet.targetRps.value,
  'fleet-per-server-rps': (a) => a.fleet.perServerLoadRps.value,
  'fleet-cpu-capacity': (a) => ev(a.fleet.cpuCapacity),
  'fleet-capacity-rps': (a) => a.fleet.capacityRps.value,
  'fleet-slo-max-rps': (a) => a.fleet.sloMaxRps.value,
  'fleet-usable-rps': (a) => a.fleet.usableRps.value,
  'fleet-servers-needed': (a) => a.fleet.serversNeeded.value,
  'fleet-memory': (a) => a.fleet.memoryGiB.value,
  'fleet-threads': (a) => a.fleet.threads.value,
  'fleet-servers-monthly': (a) => a.fleet.serversMonthlyUsd.value,
  'fleet-total-monthly': (a) => a.fleet.totalMonthlyUsd.value,
  'cluster-server-share': (a) => a.cluster.serverShare.value,
  'cluster-drain': (a) => a.cluster.drainS.value,
  'cluster-backend-without': (a) => ev(a.cluster.cache.backendWithoutRps),
  'cluster-backend-with': (a) => ev(a.cluster.cache.backendWithRps),
  'cluster-hot-key': (a) => ev(a.cluster.cache.hotKeyMaxRps),
  'cluster-zone-mib': (a) => ev(a.cluster.cache.zoneMiB),
  'cluster-disk-mib': (a) => ev(a.cluster.cache.diskMiB),
  'cluster-verdict': (a) => a.cluster.normal.serving,
  'cluster-verdict-rps': (a) => a.cluster.normal.perServerBackendRps.value,
  'ddb-rcu': (a) => a.dynamodb?.shown.tables[0]?.peakRcu.value,
  'ddb-wcu': (a) => a.dynamodb?.shown.tables[0]?.totalPeakWcu.value,
  'ddb-partitions-tile': (a) => a.dynamodb?.shown.tables[0]?.partitions.value,
  'ddb-cost-provisioned': (a) => a.dynamodb?.cost?.tables[0]?.provisionedMonthlyUsd.value,
  'ddb-cost-ondemand': (a) => a.dynamodb?.cost?.tables[0]?.onDemandMonthlyUsd.value,
  'ddb-cost-total': (a) => a.dynamodb?.cost?.totals.monthlyUsd.value,
  'ddb-read-ops': (a) => a.dynamodb?.shown.tables[0]?.readOpsPerSec.value,
  'ddb-write-ops': (a) => a.dynamodb?.shown.tables[0]?.writeOpsPerSec.value,
  'ddb-rcu-per-read': (a) => a.dynamodb?.shown.tables[0]?.rcuPerRead.value,
  'ddb-wcu-per-write': (a) => a.dynamodb?.shown.tables[0]?.wcuPerWrite.value,
  'ddb-provisioned-rcu': (a) => a.dynamodb?.shown.tables[0]?.provisionedPeakRcu.value,
  'ddb-provisioned-wcu': (a) => a.dynamodb?.shown.tables[0]?.provisionedPeakWcu.value,
  'ddb-partitions': (a) => a.dynamodb?.shown.tables[0]?.partitions.value,
  'ddb-write-sharding': (a) => a.dynamodb?.shown.tables[0]?.writeShardingFactor.value,
  // The DynamoDB tiles' second lines, findings count and day chart caption (the first table is the one shown).
  'ddb-rcu-average': (a) => a.dynamodb?.shown.tables[0]?.avgRcu.value,
  'ddb-partitions-hottest': (a) => (a.dynamodb?.shown.tables[0]?.hottestPartitionLoad.value ?? NaN) * 100,
  'ddb-cost-storage': (a) => a.dynamodb?.shown.totals.storageMonthlyUsd.value,
  'ddb-findings-count': (a) => a.dynamodb?.shown.findings.length,
  'ddb-chart-day-spans': (a) => a.dynamodb?.charts[0]?.day.readSpans.length,
  // The first table's stream (shown when the plan enables it).
  'ddb-stream-verdict-use': (a) => (a.dynamodb?.shown.tables[0]?.stream?.shardUtilisation.value ?? NaN) * 100,
  'ddb-stream-verdict-growth': (a) => a.dynamodb?.shown.tables[0]?.stream?.ageGrowthPerSec.value,
  'ddb-stream-verdict-loss': (a) => a.dynamodb?.shown.tables[0]?.stream?.retentionLossH.value,
  'ddb-stream-verdict-pf': (a) => a.dynamodb?.shown.tables[0]?.stream?.neededParallelization.value,
  'ddb-stream-shards': (a) => a.dynamodb?.shown.tables[0]?.stream?.shards.value,
  'ddb-stream-hot': (a) => a.dynamodb?.shown.tables[0]?.stream?.hottestShardPerSec.value,
  'ddb-stream-ceiling': (a) => a.dynamodb?.shown.tables[0]?.stream?.shardCeilingPerSec.value,
  'ddb-stream-concurrency': (a) => a.dynamodb?.shown.tables[0]?.stream?.concurrency.value,
  'ddb-stream-max-age': (a) => a.dynamodb?.shown.tables[0]?.stream?.maxIteratorAgeS.value,
  'ddb-stream-cost': (a) => a.dynamodb?.shown.tables[0]?.streamMonthlyUsd?.value,
  // Cluster: the zone count in the what-if toggle (the plan's, as the analysis carries it).
  'cluster-zones': (a) => a.plan.fleet.zones,
  'server-list-slo-max': (a) => a.kinds.fleetSloMaxRps.value,
  // The catalog picker (no filter: every entry shown) and the optimizer's header and skip line.
  'catalog-shown-count': (a) => a.catalog?.catalog.entries.length,
  'catalog-entry-count': (a) => a.catalog?.catalog.entries.length,
  'optimizer-target-rps': (a) => a.optimizer?.targetRps,
  'optimizer-slo-ms': (a) => a.slo.sloMs,
  'optimizer-headroom': (a) => a.plan.fleet.headroomShare * 100,
  'optimizer-other-kinds': (a) => a.plan.fleet.otherKinds.length,
  'optimizer-unpriced': (a) => a.optimizer?.unpricedCount,
  'optimizer-other-skipped': (a) => a.optimizer?.skipped.filter((x) => x.cause !== 'no-price').length,
};

/** Text shown verbatim from the analysis (every number in it is the analysis's, compared as the whole text). */
const TEXT_TABLE: Record<string, (a: PlanAnalysis) => string> = {
  'cluster-sim-setup': (a) => a.cluster.sim.explained.value,
  // The balancing method's note: versions (least_conn since 1.3.1/1.2.2), the /24 of ip_hash, and
  // the version warning when the plan's nginx lacks the method.
  'cluster-method-note': (a) => a.cluster.method.note,
  'out-verdict-sentence': (a) => a.bottleneck.sentence,
  'out-mem-headroom-formula': (a) => a.web.memory.headroomMiB.formula,
  // Row labels that carry a number (the SLO the row is for): ValueRow's `<id>-label`.
  'fleet-slo-max-rps-label': (a) => a.fleet.sloMaxRps.label,
  'server-list-slo-max-label': (a) => a.kinds.fleetSloMaxRps.label,
  // …and the kind closest to its limit, when the fleet mixes kinds (a kind's name may hold digits).
  'cluster-verdict-rps-label': (a) => a.cluster.normal.perServerBackendRps.label,
  // The price file's date (the analysis's data), and whether its region has prices.
  'ddb-prices-asof': (a) => `Prices as of ${a.data.dynamoPrices?.asOf ?? '(no prices)'}${!a.dynamodb || a.dynamodb.costProblem === null ? '' : ' (none for this region)'}.`,
  'catalog-as-of': (a) => a.catalog?.catalog.asOf ?? '(no catalog)',
  'catalog-speed-reference': (a) => a.catalog?.catalog.speedReference.cpu ?? '(no catalog)',
};

/** Text ids with a variable part (matched by TEXT_PATTERN). */
function textPatternRow(id: string, a: PlanAnalysis, shown: string): string | undefined {
  const m = /^out-mem-item-formula-(\d+)$/.exec(id);
  if (m) return a.web.memory.items[Number(m[1])]?.formula;
  // `<list>-(msg|fix|src)-<finding id>`: a finding's message, fix or source, verbatim. Ids are
  // unique within a section but not across them, so the text must equal that field of one
  // finding of that id in the analysis's list of every finding.
  // A box's detail (the diagram cuts it at 30 characters with an ellipsis; the text copy is whole).
  const detail = /^out-topo-(cap-)?detail-(\w+)$/.exec(id);
  if (detail) {
    const text = a.topology.nodes.find((n) => n.id === detail[2])?.detail ?? '(no such node)';
    return !detail[1] && text.length > 30 ? `${text.slice(0, 29)}…` : text;
  }
  const kindText = kindTextRow(id, a);
  if (kindText !== undefined) return kindText;
  const catalogText = catalogTextRow(id, a);
  if (catalogText !== undefined) return catalogText;
  const f = /^(?:(?:ddb|fleet|cluster)-)?findings-(msg|fix|src)-(.+)$/.exec(id);
  if (!f) return undefined;
  const field = ({ msg: 'message', fix: 'fix', src: 'source' } as const)[f[1] as 'msg' | 'fix' | 'src'];
  const texts = a.findings.filter((x) => x.id === f[2]).map((x) => x[field] ?? '');
  return texts.find((t) => t === shown) ?? texts[0] ?? '(no such finding)';
}
/** Server kinds' names, weights and labels (the cluster's server list and per-kind verdict), verbatim. */
function kindTextRow(id: string, a: PlanAnalysis): string | undefined {
  const m = /^(?:server-(name|weight|slo-use-label|list-suggested-name)|cluster-verdict-kind-name)-(.+)$/.exec(id);
  if (!m) return undefined;
  const row = a.kinds.rows.find((r) => r.name === m[2]);
  if (!row) return '(no such kind)';
  return m[1] === 'weight' ? row.weightText : m[1] === 'slo-use-label' ? row.sloUse.label : row.name;
}

/** Catalog entries' labels and GPUs, the optimizer's ranked labels and skip reasons, verbatim. */
function catalogTextRow(id: string, a: PlanAnalysis): string | undefined {
  const entry = /^catalog-(label|gpu)-(.+)$/.exec(id);
  if (entry) {
    const e = a.catalog?.catalog.entries.find((x) => x.id === entry[2]);
    return entry[1] === 'label' ? (e?.label ?? '(no such entry)') : `· ${e?.gpu ?? '(no gpu)'}`;
  }
  const rank = /^optimizer-label-(\d+)$/.exec(id);
  if (rank) {
    const c = a.optimizer?.choices[Number(rank[1])];
    return c ? `${Number(rank[1]) + 1}. ${c.entry.label}` : '(no such choice)';
  }
  const skip = /^optimizer-skip-(label|reason)-(.+)$/.exec(id);
  if (!skip) return undefined;
  const x = a.optimizer?.skipped.find((k) => k.id === skip[2]);
  return skip[1] === 'label' ? (x?.label ?? '(no such skip)') : (x?.reason ?? '(no such skip)');
}

const TEXT_PATTERN =
  /^(out-mem-item-formula-\d+|out-topo-(?:cap-)?detail-\w+|(?:(?:ddb|fleet|cluster)-)?findings-(msg|fix|src)-.+|server-(name|weight|slo-use-label|list-suggested-name)-.+|cluster-verdict-kind-name-.+|catalog-(label|gpu)-.+|optimizer-label-\d+|optimizer-skip-(label|reason)-.+)$/;

/**
 * Inputs echoed back (the plan, not the analysis): DynamoDB fields, the table picker (table names),
 * each GSI's and server kind's input block and remove button (names, "GSI 2 name", "Remove gsi1").
 */
const INPUT_IDS = /^(ddb-field-|ddb-table-select$|ddb-gsi-\d+$|server-kind-)/;

/**
 * Ids with a variable part: recommended settings rows (`out-<group>-<setting>` shows
 * web[group][setting]) and the memory legend (`out-mem-item-<i>` shows memory.items[i], MiB).
 */
function settingRow(id: string, a: PlanAnalysis): number | null | undefined {
  const kind = kindRow(id, a);
  if (kind !== undefined) return kind;
  const catalog = catalogRow(id, a);
  if (catalog !== undefined) return catalog;
  const item = /^out-mem-item-(\d+)$/.exec(id);
  if (item) return a.web.memory.items[Number(item[1])]?.mib;
  // The topology diagram and its text copy: `out-topo[-cap]-<field>-<node id>`.
  const topo = /^out-topo-(?:cap-)?(servers|util|queue|edge)-(\w+)$/.exec(id);
  if (topo) {
    const node = a.topology.nodes.find((n) => n.id === topo[2]);
    if (topo[1] === 'edge') return a.topology.edges.find((e) => e.from === topo[2])?.rps ?? null;
    if (topo[1] === 'servers') return node?.servers ?? null;
    return topo[1] === 'util' ? (node?.utilisation ?? NaN) * 100 : (node?.queue ?? null);
  }
  const m = /^out-(gunicorn|phpfpm|nginx)-(\w+)$/.exec(id);
  if (!m) return undefined;
  const group = a.web[m[1] as 'gunicorn' | 'phpfpm' | 'nginx'] as unknown as Record<string, Explained<unknown>> | null;
  return group ? ev(group[m[2]!]) : undefined;
}

/**
 * The server list by kind (`server-<column>-<kind>`, SLO use clipped at 999 % as shown) and the
 * what-if's per-kind backend rps (the normal scenario: the toggles are off when rendered).
 */
function kindRow(id: string, a: PlanAnalysis): number | null | undefined {
  const rps = /^cluster-verdict-kind-rps-(.+)$/.exec(id);
  if (rps) return a.cluster.normal.perKind.find((k) => k.name === rps[1])?.perServerBackendRps ?? null;
  const m = /^server-(count|suggested|share|rps|use|slo-use|cpu|latency|cores|threads|ram|list-suggested)-(.+)$/.exec(id);
  if (!m) return undefined;
  const r = a.kinds.rows.find((x) => x.name === m[2]);
  if (!r) return null;
  const column: Record<string, number> = {
    count: r.servers,
    suggested: r.suggestedWeight.value,
    'list-suggested': r.suggestedWeight.value,
    share: r.sharePct.value,
    rps: r.loadRps.value,
    use: Math.min(r.sloUse.value, 9.99) * 100,
    'slo-use': Math.min(r.sloUse.value, 9.99) * 100,
    cpu: r.cpuUtil * 100,
    latency: r.latencyMs,
    cores: r.hardware.physicalCores,
    threads: r.hardware.hardwareThreads,
    ram: r.hardware.ramGiB,
  };
  return column[m[1]!];
}

/** Catalog entries (`catalog-<field>-<id>`: the catalog's numbers and the analysis's monthly price) and the optimizer's ranking (`optimizer-<field>-<rank>`). */
function catalogRow(id: string, a: PlanAnalysis): number | null | undefined {
  const entry = /^catalog-(cores|threads|ram|speed|monthly)-(.+)$/.exec(id);
  if (entry) {
    const e = a.catalog?.catalog.entries.find((x) => x.id === entry[2]);
    if (!e) return null;
    const field = { cores: e.physicalCores, threads: e.hardwareThreads, ram: e.ramGiB, speed: e.perCoreSpeed, monthly: a.catalog?.monthlyUsdById[e.id] ?? null };
    return field[entry[1] as keyof typeof field];
  }
  const m = /^optimizer-(servers|per-server-usd|monthly|slo-max|serving)-(\d+)$/.exec(id);
  if (!m) return undefined;
  const c = a.optimizer?.choices[Number(m[2])];
  if (!c) return null;
  const field = { servers: c.servers, 'per-server-usd': c.perServerMonthlyUsd, monthly: c.monthlyUsd, 'slo-max': c.perServerSloMaxRps, serving: c.serving };
  return field[m[1] as keyof typeof field];
}

/** Each test id's element and the text it opens with (its first text child; the first element with an id wins). */
function shownNumbers(tree: El, skip: ReadonlySet<El>): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (el: El) => {
    if (skip.has(el)) return;
    const first = el.children[0];
    if (el.id && !out.has(el.id) && typeof first === 'string' && /\d/.test(first) && /^(out|fleet|cluster|ddb|findings|server|catalog|optimizer)-/.test(el.id)) out.set(el.id, first.trim());
    for (const c of el.children) if (typeof c !== 'string') walk(c);
  };
  walk(tree);
  return out;
}

/** Test ids whose analysis value is MiB while the screen may show GiB (formatMiB). */
const MIB_VALUES = new Set(['out-headroom', 'out-mem-used', 'out-mem-total', 'out-mem-status-headroom', 'out-mem-headroom']);
const isMiB = (id: string) => MIB_VALUES.has(id) || /^out-mem-item-\d+$/.test(id);

/** The displayed value in the analysis's unit (GiB shown for a MiB value is scaled back) and half its last digit. */
function parseShown(text: string, mib = false): { value: number; tolerance: number } | null {
  const m = /-?[\d,]*\.?\d+/.exec(text);
  if (!m) return null;
  const raw = m[0].replace(/,/g, '');
  const decimals = raw.includes('.') ? raw.length - raw.indexOf('.') - 1 : 0;
  const scale = mib && /GiB/.test(text) ? 1024 : 1;
  return { value: Number(raw) * scale, tolerance: 0.5 * 10 ** -decimals * scale };
}

/**
/** The shipped data as loaded queries: the panels then show their prices, the catalog and the optimizer. */
function loadedQueries(): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
  const data = getAnalysisData();
  client.setQueryData(getCatalogQueryOptions().queryKey, data.catalog ?? undefined);
  client.setQueryData(getDynamoPricesQueryOptions().queryKey, data.dynamoPrices ?? undefined);
  client.setQueryData(getLambdaPricesQueryOptions().queryKey, data.lambdaPrices ?? undefined);
  return client;
}

/**
 * Every panel that shows numbers, with every "why" open: summary band (every tile and its second
 * line), the phone's summary bar, bottleneck verdict, topology diagram and its text copy,
 * recommended settings, fleet, cluster (what-if, server list), DynamoDB (prices loaded, the first
 * table), the catalog picker and optimizer ranking, memory line and legend, web findings.
 */
function renderAllPanels(plan: Plan): string {
  usePlanStore.setState({ plan });
  return renderToString(
    <QueryClientProvider client={loadedQueries()}>
      <WhyOpenEverywhere>
        <HeadlineTiles />
        <MiniSummary />
        <OverviewPanel />
        <SettingsGroups layer="app" />
        <SettingsGroups layer="nginx" />
        <FleetPanel />
        <ClusterPanel />
        <DynamoPanel />
        <CatalogPanel />
        <MemoryBar />
        <FindingsList />
      </WhyOpenEverywhere>
    </QueryClientProvider>,
  );
}

/** One text node and the test ids of the elements around it, innermost last. */
interface TextNode {
  text: string;
  ids: string[];
  /** The test id of the element this text opens (what shownNumbers reads), if any. */
  opens: string | null;
}

/** The text nodes of the tree, except under `skip` (text compared whole by checkWhys). */
function textNodes(tree: El, skip: ReadonlySet<El>): TextNode[] {
  const out: TextNode[] = [];
  const walk = (el: El, ids: string[]) => {
    if (skip.has(el)) return;
    const here = el.id ? [...ids, el.id] : ids;
    el.children.forEach((c, i) => {
      if (typeof c === 'string') out.push({ text: c, ids: here, opens: i === 0 ? el.id : null });
      else walk(c, here);
    });
  };
  walk(tree, []);
  return out;
}

/**
 * Numbers on screen that are not the checked number of a test id. A TABLE id checks the first
 * number of the text its element opens with; a TEXT_TABLE id checks that whole text; an input's
 * echoed value is the plan's; whys and explained rows are compared whole (skip). Anything else
 * with a digit is reported, unless it is static label text named in STATIC_NUMBERS.
 */
function uncheckedNumbers(tree: El, skip: ReadonlySet<El> = new Set()): string[] {
  const out: string[] = [];
  for (const node of textNodes(tree, skip)) {
    const text = node.text;
    if (!/\d/.test(text)) continue;
    if (node.ids.some((id) => INPUT_IDS.test(id) || STATIC_IDS.test(id))) continue;
    if (node.opens && (TEXT_TABLE[node.opens] || TEXT_PATTERN.test(node.opens))) continue;
    let rest = text;
    if (node.opens && (TABLE[node.opens] || NUMBER_PATTERN.test(node.opens))) rest = rest.replace(/-?[\d,]*\.?\d+/, '');
    for (const allowed of STATIC_NUMBERS) rest = rest.replace(allowed, '');
    if (/\d/.test(rest)) out.push(`${node.ids.at(-1) ?? '(no id)'}: "${text.trim()}"`);
  }
  return out;
}

/** Ids of settingRow's numbers (settings, memory legend, topology, server list, catalog, optimizer). */
const NUMBER_PATTERN = /^(out-(gunicorn|phpfpm|nginx|mem-item|topo)-|server-|cluster-verdict-kind-rps-|catalog-|optimizer-)/;

/** Elements whose text is a fixed list, not the plan's analysis: the scenario picker's preset names ("on the 32-core tier"). */
const STATIC_IDS = /^scenario-picker$/;

/** A fixed text, found anywhere in a text node. */
function literal(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/** Digits that are label text, not analysis numbers (each says why). */
const STATIC_NUMBERS: RegExp[] = [
  // The SLO percentile's name (p95/p99) is the plan's choice, not a computed number.
  /\bp(50|90|95|99|99\.9)\b/g,
  // The memory bar's scale mark: the fixed 80 % warning line, not a plan number.
  /^80%$/,
  // Fleet input labels: the N+1 option's name and the headroom hint's "(100 − headroom)%".
  /^N\+1: meet the target with one server down$/,
  /^Plan for at most \(100 − headroom\)% of the SLO limit\.$/,
  // Input hints and headings of the cluster, DynamoDB and catalog panels: fixed text naming limits
  // and defaults of the servers and AWS (the source's literals), not plan numbers.
  ...[
    'Failures within fail_timeout that mark a server down (0 = never; nginx default 1).',
    'One nginx weight per main server (1–1000), e.g. 2, 2, 1; empty = equal.',
    'Add other kinds (e.g. 2 older servers)',
    'Longest client session (websocket, long poll, upload); 0 = plain requests.',
    'zone: set 2 or more zones above to use this',
    'Daily peak over the daily average (1 = flat).',
    'Max 409,600 B (400 KB).',
    '20–90%',
    'Quota (40,000 per table)',
    'Y axis clipped at 3 × on-demand.',
    'Raised-cosine day (peak 14:00 UTC); scale up after 2 minutes above target (+2 min UpdateTable), down after 15 below, ≤ 27 decreases a day',
    'N+1 (one spare server in every pick)',
    'N+1: every pick meets the SLO with one server down',
    'serving + 1 spare',
    // The streams part's hints (Lambda and DynamoDB Streams limits).
    'Shared by every function in the region; 1,000 unless AWS raised it.',
    '1–10,000 records',
    '0–300 s',
    '1–10 batches per shard at once',
    '-1 = until the record expires',
    '-1 or 60–604,800',
    'the 24 h retention',
    'Even a parallelization factor of 10 is not enough.',
  ].map(literal),
];

/** What one plan's check compared: test ids (numbers and texts), opened whys, explained rows without a test id. */
interface Checked {
  ids: number;
  whys: number;
  rows: number;
}

/** One shown test id against the analysis: true when compared, false when the tables do not know the id. */
function expectIdEqualsAnalysis(id: string, text: string, a: PlanAnalysis, label: string): boolean {
  const asText = TEXT_TABLE[id]?.(a) ?? textPatternRow(id, a, text);
  if (asText !== undefined) {
    expect(text, `${label}: ${id}`).toBe(asText);
    return true;
  }
  const pick = TABLE[id];
  const expected = pick ? pick(a) : settingRow(id, a);
  if (expected === undefined && !pick) return false;
  const shown = parseShown(text, isMiB(id));
  expect(shown, `${label}: ${id} shows "${text}"`).not.toBeNull();
  expect(expected, `${label}: ${id} shows "${text}" but the analysis has no number`).not.toBeNull();
  const diff = Math.abs((shown?.value ?? NaN) - (expected as number));
  expect(diff, `${label}: ${id} shows "${text}", the analysis says ${expected}`).toBeLessThanOrEqual((shown?.tolerance ?? 0) + 1e-9 * Math.abs(expected as number));
  return true;
}

function expectShownEqualsAnalysis(plan: Plan, label: string): Checked {
  const tree = parseHtml(renderAllPanels(plan));
  const a = analyzePlan(plan, getAnalysisData());
  const whys = checkWhys(tree, explainedIn(a));
  expect(whys.problems, `${label}: explanations and rows that are not the analysis's`).toEqual([]);
  const unknown: string[] = [];
  let ids = 0;
  for (const [id, text] of shownNumbers(tree, whys.checked)) {
    if (INPUT_IDS.test(id)) continue;
    if (expectIdEqualsAnalysis(id, text, a, label)) ids++;
    else unknown.push(id);
  }
  expect(unknown, `${label}: numbers on screen that the golden table does not check`).toEqual([]);
  expect(uncheckedNumbers(tree, whys.checked), `${label}: numbers on screen outside any checked test id`).toEqual([]);
  return { ids, whys: whys.whys, rows: whys.rows };
}

const RANDOM_PLANS = fc.sample(planArb, { seed: 20261201, numRuns: 50 });

describe('every number the dashboard shows equals the analysis', () => {
  beforeAll(async () => {
    await loadAnalyzer();
    setAnalysisData(shippedData());
  });

  // The DynamoDB fixtures (GSIs of every projection, several tables, quota overflow, streams):
  // the panel shows the first table, its streams part included.
  it.each(Object.keys(DYNAMO_FIXTURES))('DynamoDB fixture %s', (name) => {
    const checked = expectShownEqualsAnalysis(DYNAMO_FIXTURES[name]!, name);
    console.info(`golden ${name}: ${checked.ids} test ids, ${checked.whys} whys, ${checked.rows} explained rows`);
    expect(checked.whys).toBeGreaterThan(30);
  });

  it.each(FIXTURE_NAMES)('fixture %s', (name) => {
    const checked = expectShownEqualsAnalysis(fixture(name), name);
    console.info(`golden ${name}: ${checked.ids} test ids, ${checked.whys} whys, ${checked.rows} explained rows`);
    // Headline tiles, settings, fleet, cluster, DynamoDB and optimizer rows at least, and their whys.
    expect(checked.ids).toBeGreaterThan(30);
    expect(checked.whys).toBeGreaterThan(30);
  });

  // The 50 seeded random plans, ten to a test (each renders every panel with the optimizer).
  it.each([0, 10, 20, 30, 40])('seeded random plans from number %i (ten)', (from) => {
    const total = { ids: 0, whys: 0, rows: 0 };
    RANDOM_PLANS.slice(from, from + 10).forEach((plan, i) => {
      const c = expectShownEqualsAnalysis(plan, `random plan ${from + i}`);
      total.ids += c.ids;
      total.whys += c.whys;
      total.rows += c.rows;
    });
    console.info(`golden random plans ${from}–${from + 9}: ${total.ids} test ids, ${total.whys} whys, ${total.rows} explained rows`);
  });
});

/** A rendered plan's parts and the analysis, for the tests that break one shown value on purpose. */
function renderedDefault() {
  const plan = fixture('default');
  const html = renderAllPanels(plan);
  const a = analyzePlan(plan, getAnalysisData());
  return { html, a };
}

/** Whether the golden checks fail on this HTML. */
function failsOn(html: string, a: PlanAnalysis): string[] {
  const tree = parseHtml(html);
  const whys = checkWhys(tree, explainedIn(a));
  const wrongIds: string[] = [];
  for (const [id, text] of shownNumbers(tree, whys.checked)) {
    if (INPUT_IDS.test(id)) continue;
    try {
      expectIdEqualsAnalysis(id, text, a, 'broken');
    } catch {
      wrongIds.push(id);
    }
  }
  return [...whys.problems, ...wrongIds, ...uncheckedNumbers(tree, whys.checked)];
}

describe('the checks can fail', () => {
  beforeAll(async () => {
    await loadAnalyzer();
    setAnalysisData(shippedData());
  });

  it('the untouched default plan passes', () => {
    const { html, a } = renderedDefault();
    expect(failsOn(html, a)).toEqual([]);
  });

  it('reports a number outside every checked test id, and one after a checked number', () => {
    const { html, a } = renderedDefault();
    const unchecked = (h: string) => {
      const tree = parseHtml(h);
      return uncheckedNumbers(tree, checkWhys(tree, explainedIn(a)).checked);
    };
    expect(unchecked(html)).toEqual([]);
    const extraLine = html.replace('</div></div>', '<div class="tile-sub">17 servers</div></div></div>');
    expect(unchecked(extraLine)).toEqual(['(no id): "17 servers"']);
    const secondNumber = html.replace(/(data-testid="out-capacity"[^>]*>[^<]*)/, '$1 of 999');
    expect(unchecked(secondNumber)).toHaveLength(1);
  });

  // One wrong value in each panel the scan covers since the cluster, DynamoDB, catalog and why checks.
  it.each([
    ['a cluster row', /(data-testid="cluster-drain"[^>]*>)[^<]*/, '$1999 s'],
    ['a server list cell', /(data-testid="server-rps-main"[^>]*>)[^<]*/, '$19,999'],
    ['a DynamoDB tile line', /(data-testid="ddb-rcu-average"[^>]*>)[^<]*/, '$1123,456'],
    ['a DynamoDB row without a test id (Average RCU)', /(<span class="setting-value">)55\.4 RCU\/s/, '$156.4 RCU/s'],
    ['a catalog entry', /(data-testid="catalog-monthly-aws-m7i-large"[^>]*>)[^<]*/, '$1$74.58'],
    ['the optimizer ranking', /(data-testid="optimizer-per-server-usd-0"[^>]*>)[^<]*/, '$1$66.15'],
    ['an opened why (an input)', /(data-testid="why-input"[^>]*>[^<]*<!-- --> = <!-- -->)(\d)/, '$1$29'],
    ['a why of the optimizer', /(data-testid="why-formula"[^>]*>)servers × hourly price/, '$1servers × hourly price × 2'],
    ['a label of a row without a test id', /(<span class="setting-label">)Consumed RCU, daily average/, '$1Consumed RCU, daily peak'],
  ] as const)('a wrong value in %s fails', (_what, pattern, replacement) => {
    const { html, a } = renderedDefault();
    const broken = html.replace(pattern, replacement);
    expect(broken).not.toBe(html);
    expect(failsOn(broken, a).length).toBeGreaterThan(0);
  });
});

describe('the plan CLI prints the analysis', () => {
  const io = (plan: Plan) => ({
    readFile: () => JSON.stringify(plan),
    readDynamoPrices: () => pricesText,
    readCatalog: () => catalogText,
    readLambdaPrices: () => lambdaText,
  });

  /** A value as JSON carries it (what the CLI's stdout can hold: no undefined, no functions). */
  const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

  /** The CLI's fleet, cluster and DynamoDB sections against the analysis's own sections (not through analysisOutput). */
  function expectSectionsEqualAnalysis(result: ReturnType<typeof analysisOutput>, a: PlanAnalysis): void {
    const { kinds, ...fleet } = result.fleet;
    expect(fleet).toEqual(asJson(a.fleet));
    if (a.plan.fleet.otherKinds.length === 0) expect(kinds).toBeNull();
    else expect(kinds?.rows.map((r) => r.name)).toEqual(a.kinds.rows.map((r) => r.name));
    for (const [i, row] of (kinds?.rows ?? []).entries()) {
      const { serverPlan: _p, sizing: _s, ...expected } = a.kinds.rows[i]!;
      expect(row).toEqual(asJson(expected));
    }
    const { sim: _sim, ...cluster } = a.cluster;
    expect(result.cluster).toEqual(asJson(cluster));
    if (!a.dynamodb) expect(result.dynamodb).toBeNull();
    else expect(result.dynamodb).toEqual(asJson({ ...a.dynamodb.shown, priced: a.dynamodb.cost !== null, costProblem: a.dynamodb.costProblem }));
  }

  const CLI_PLANS = [...FIXTURE_NAMES.map((n) => [n, fixture(n)] as const), ...RANDOM_PLANS.map((p, i) => [`random plan ${i}`, p] as const)];

  it.each(CLI_PLANS)('%s', (_label, plan) => {
    const out = runPlanCli(['plan.json'], io(plan));
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const { result } = JSON.parse(out.stdout) as { result: ReturnType<typeof analysisOutput> };
    const a = analyzePlan(plan, shippedData());
    expect(result).toEqual(asJson(analysisOutput(a)));
    expectSectionsEqualAnalysis(result, a);
    expect(result.fleet.totalMonthlyUsd.value).toBe(a.fleet.totalMonthlyUsd.value);
    expect(result.slo.atPlannedMs).toBe(a.slo.atPlannedMs);
  });

  it('the 50 seeded plans reach every CLI section: DynamoDB priced and not, server kinds, a spare', () => {
    const priced = RANDOM_PLANS.filter((p) => analyzePlan(p, shippedData()).dynamodb?.cost);
    expect(priced.length).toBeGreaterThan(0);
    expect(RANDOM_PLANS.some((p) => !p.dynamodb.enabled)).toBe(true);
    expect(RANDOM_PLANS.some((p) => p.fleet.otherKinds.length > 0)).toBe(true);
    expect(RANDOM_PLANS.some((p) => p.fleet.spare)).toBe(true);
  });
});
