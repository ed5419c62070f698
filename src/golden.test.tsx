/**
 * Golden test of the one-analysis rule (README "Architecture"): for every fixture plan and 50
 * seeded random plans, every number the dashboard renders equals the plan's analysis, and the
 * plan CLI prints that same analysis.
 *
 * The panels are rendered on the server (renderToString) with the plan in the store and the
 * shipped catalog and prices as the analysis data; each shown number is parsed back and compared
 * with the analysis value within the precision it is shown with. A numeric test id the table
 * below does not know fails the test, so a new number on screen must be added here.
 */
import { readFileSync } from 'node:fs';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import fc from 'fast-check';
import { renderToString } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPlanCli } from './cli/plan-cli';
import { analysisOutput } from './cli/analysis-output';
import { analyzePlan } from './engine/analysis/analyze-plan';
import type { AnalysisData, PlanAnalysis } from './engine/analysis/types';
import { parseCatalog } from './engine/catalog/schema';
import { parseLambdaPrices } from './engine/dynamodb/lambda-prices-schema';
import { parseDynamoPrices } from './engine/dynamodb/prices-schema';
import { planArb } from './plan/testing/plan-arb';
import type { Explained } from './engine/types';
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
import { usePlanStore } from './state/plan-store';
import { loadAnalyzer } from './state/use-analysis';

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
  const f = /^(?:(?:ddb|fleet|cluster)-)?findings-(msg|fix|src)-(.+)$/.exec(id);
  if (!f) return undefined;
  const field = ({ msg: 'message', fix: 'fix', src: 'source' } as const)[f[1] as 'msg' | 'fix' | 'src'];
  const texts = a.findings.filter((x) => x.id === f[2]).map((x) => x[field] ?? '');
  return texts.find((t) => t === shown) ?? texts[0] ?? '(no such finding)';
}
const TEXT_PATTERN = /^(out-mem-item-formula-\d+|out-topo-(?:cap-)?detail-\w+|(?:(?:ddb|fleet|cluster)-)?findings-(msg|fix|src)-.+)$/;

/** Inputs echoed back (the plan, not the analysis). */
const INPUT_IDS = /^ddb-field-/;

/**
 * Ids with a variable part: recommended settings rows (`out-<group>-<setting>` shows
 * web[group][setting]) and the memory legend (`out-mem-item-<i>` shows memory.items[i], MiB).
 */
function settingRow(id: string, a: PlanAnalysis): number | null | undefined {
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

/** renderToString's HTML escapes back to the text a reader sees. */
const unescapeHtml = (text: string) =>
  text.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&');

/** Shown numbers by test id (the first number in the element's text; text that holds no number is skipped). */
function shownNumbers(html: string): Map<string, string> {
  const out = new Map<string, string>();
  const clean = html.replace(/<!-- -->/g, '');
  for (const m of clean.matchAll(/data-testid="([^"]+)"[^>]*>([^<]*)</g)) {
    const [, id, text] = m as unknown as [string, string, string];
    if (!out.has(id) && /\d/.test(text) && /^(out|fleet|cluster|ddb|findings)-/.test(id)) out.set(id, unescapeHtml(text).trim());
  }
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
 * The panels whose every digit is checked: the scan of uncheckedNumbers fails on any number in them
 * that no test id checks. Summary band (every tile and its second line), the phone's summary bar,
 * bottleneck verdict, topology diagram and its text copy, memory line and legend, web findings,
 * recommended settings and the fleet panel.
 */
function renderStrictPanels(plan: Plan): string {
  usePlanStore.setState({ plan });
  return renderToString(
    <>
      <HeadlineTiles />
      <MiniSummary />
      <OverviewPanel />
      <SettingsGroups layer="app" />
      <SettingsGroups layer="nginx" />
      <QueryClientProvider client={new QueryClient()}>
        <FleetPanel />
      </QueryClientProvider>
      <MemoryBar />
      <FindingsList />
    </>,
  );
}

/**
 * The panels checked by test id only: their numbers outside test ids (the cluster's per-server
 * rows, DynamoDB's detail rows and charts' notes) are not scanned yet (issue 10 note).
 */
function renderPanels(plan: Plan): string {
  usePlanStore.setState({ plan });
  const client = new QueryClient();
  return renderToString(
    <QueryClientProvider client={client}>
      <ClusterPanel />
      <DynamoPanel />
    </QueryClientProvider>,
  );
}

/** One text node of the rendered HTML and the test ids of the elements around it, innermost last. */
interface TextNode {
  text: string;
  ids: string[];
  /** The test id of the element this text opens (what shownNumbers reads), if any. */
  opens: string | null;
}

const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** The rendered text nodes (style and script bodies skipped); renderToString's `<!-- -->` separators are dropped. */
function textNodes(html: string): TextNode[] {
  const stack: { tag: string; id: string | null }[] = [];
  const out: TextNode[] = [];
  let justOpened: string | null = null;
  const clean = html.replace(/<!-- -->/g, '');
  for (const m of clean.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+)/g)) {
    const [, close, tag, attrs, text] = m as unknown as [string, string, string, string, string | undefined];
    if (text !== undefined) {
      const inCode = stack.some((e) => e.tag === 'style' || e.tag === 'script');
      if (!inCode) out.push({ text, ids: stack.flatMap((e) => (e.id ? [e.id] : [])), opens: justOpened });
      justOpened = null;
      continue;
    }
    justOpened = null;
    const name = tag.toLowerCase();
    if (close) {
      const at = stack.map((e) => e.tag).lastIndexOf(name);
      if (at >= 0) stack.length = at;
      continue;
    }
    if (VOID_TAGS.has(name) || attrs.endsWith('/')) continue;
    const id = /data-testid="([^"]+)"/.exec(attrs)?.[1] ?? null;
    stack.push({ tag: name, id });
    justOpened = id;
  }
  return out;
}

/**
 * Numbers on screen that are not the checked number of a test id. A TABLE id checks the first
 * number of the text its element opens with; a TEXT_TABLE id checks that whole text; an input's
 * echoed value is the plan's. Anything else with a digit is reported, unless it is static label
 * text named in STATIC_NUMBERS.
 */
function uncheckedNumbers(html: string): string[] {
  const out: string[] = [];
  for (const node of textNodes(html)) {
    const text = unescapeHtml(node.text);
    if (!/\d/.test(text)) continue;
    if (node.ids.some((id) => INPUT_IDS.test(id) || STATIC_IDS.test(id))) continue;
    if (node.opens && (TEXT_TABLE[node.opens] || TEXT_PATTERN.test(node.opens))) continue;
    let rest = text;
    if (node.opens && (TABLE[node.opens] || /^out-(gunicorn|phpfpm|nginx|mem-item|topo)-/.test(node.opens))) rest = rest.replace(/-?[\d,]*\.?\d+/, '');
    for (const allowed of STATIC_NUMBERS) rest = rest.replace(allowed, '');
    if (/\d/.test(rest)) out.push(`${node.ids.at(-1) ?? '(no id)'}: "${text.trim()}"`);
  }
  return out;
}

/** Elements whose text is a fixed list, not the plan's analysis: the scenario picker's preset names ("on the 32-core tier"). */
const STATIC_IDS = /^scenario-picker$/;

/** Digits that are label text, not analysis numbers (each says why). */
const STATIC_NUMBERS: RegExp[] = [
  // The SLO percentile's name (p95/p99) is the plan's choice, not a computed number.
  /\bp(50|90|95|99|99\.9)\b/g,
  // The memory bar's scale mark: the fixed 80 % warning line, not a plan number.
  /^80%$/,
  // Fleet input labels: the N+1 option's name and the headroom hint's "(100 − headroom)%".
  /^N\+1: meet the target with one server down$/,
  /^Plan for at most \(100 − headroom\)% of the SLO limit\.$/,
];

function expectShownEqualsAnalysis(plan: Plan, label: string): number {
  const strictHtml = renderStrictPanels(plan);
  const html = strictHtml + renderPanels(plan);
  const a = analyzePlan(plan, getAnalysisData());
  const unknown: string[] = [];
  let checked = 0;
  for (const [id, text] of shownNumbers(html)) {
    if (INPUT_IDS.test(id)) continue;
    const asText = TEXT_TABLE[id]?.(a) ?? textPatternRow(id, a, text);
    if (asText !== undefined) {
      expect(text, `${label}: ${id}`).toBe(asText);
      checked++;
      continue;
    }
    const pick = TABLE[id];
    const expected = pick ? pick(a) : settingRow(id, a);
    if (expected === undefined && !pick) {
      unknown.push(id);
      continue;
    }
    const shown = parseShown(text, isMiB(id));
    expect(shown, `${label}: ${id} shows "${text}"`).not.toBeNull();
    expect(expected, `${label}: ${id} shows "${text}" but the analysis has no number`).not.toBeNull();
    const diff = Math.abs((shown?.value ?? NaN) - (expected as number));
    expect(diff, `${label}: ${id} shows "${text}", the analysis says ${expected}`).toBeLessThanOrEqual((shown?.tolerance ?? 0) + 1e-9 * Math.abs(expected as number));
    checked++;
  }
  expect(unknown, `${label}: numbers on screen that the golden table does not check`).toEqual([]);
  expect(uncheckedNumbers(strictHtml), `${label}: numbers on screen outside any checked test id`).toEqual([]);
  return checked;
}

const RANDOM_PLANS = fc.sample(planArb, { seed: 20261201, numRuns: 50 });

describe('every number the dashboard shows equals the analysis', () => {
  beforeAll(async () => {
    await loadAnalyzer();
    setAnalysisData(shippedData());
  });

  it.each(FIXTURE_NAMES)('fixture %s', (name) => {
    const checked = expectShownEqualsAnalysis(fixture(name), name);
    // Headline tiles, settings, fleet and cluster rows at least.
    expect(checked).toBeGreaterThan(30);
  });

  it('50 seeded random plans', () => {
    RANDOM_PLANS.forEach((plan, i) => expectShownEqualsAnalysis(plan, `random plan ${i}`));
  });

  it('catches a panel that shows another number (the check can fail)', () => {
    const plan = fixture('default');
    const a = analyzePlan(plan, getAnalysisData());
    const html = renderPanels(plan).replace(/(data-testid="fleet-capacity-rps"[^>]*>)[^<]*/, `$1${Math.round(a.fleet.capacityRps.value * 1.1 + 5)} rps`);
    const shown = parseShown(shownNumbers(html).get('fleet-capacity-rps') ?? '');
    expect(Math.abs((shown?.value ?? 0) - a.fleet.capacityRps.value)).toBeGreaterThan(shown?.tolerance ?? 0);
  });
});

describe('the scan for unchecked numbers', () => {
  beforeAll(async () => {
    await loadAnalyzer();
    setAnalysisData(shippedData());
  });

  it('reports a number outside every checked test id, and one after a checked number', () => {
    const html = renderStrictPanels(fixture('default'));
    expect(uncheckedNumbers(html)).toEqual([]);
    const extraLine = html.replace('</div></div>', '<div class="tile-sub">17 servers</div></div></div>');
    expect(uncheckedNumbers(extraLine)).toEqual(['(no id): "17 servers"']);
    const secondNumber = html.replace(/(data-testid="out-capacity"[^>]*>[^<]*)/, '$1 of 999');
    expect(uncheckedNumbers(secondNumber)).toHaveLength(1);
  });
});

describe('the plan CLI prints the analysis', () => {
  const io = (plan: Plan) => ({
    readFile: () => JSON.stringify(plan),
    readDynamoPrices: () => pricesText,
    readCatalog: () => catalogText,
    readLambdaPrices: () => lambdaText,
  });

  it.each([...FIXTURE_NAMES.map((n) => [n, fixture(n)] as const), ...RANDOM_PLANS.slice(0, 10).map((p, i) => [`random plan ${i}`, p] as const)])('%s', (_label, plan) => {
    const out = runPlanCli(['plan.json'], io(plan));
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const { result } = JSON.parse(out.stdout) as { result: ReturnType<typeof analysisOutput> };
    const a = analyzePlan(plan, shippedData());
    expect(result).toEqual(JSON.parse(JSON.stringify(analysisOutput(a))));
    // The sections a script checks, against the analysis directly.
    expect(result.fleet.totalMonthlyUsd.value).toBe(a.fleet.totalMonthlyUsd.value);
    expect(result.fleet.capacityRps.value).toBe(a.fleet.capacityRps.value);
    expect(result.cluster.oneServerDown.verdict).toBe(a.cluster.oneServerDown.verdict);
    expect(result.dynamodb?.totals.monthlyUsd.value ?? null).toBe(a.dynamodb?.shown.totals.monthlyUsd.value ?? null);
    expect(result.slo.atPlannedMs).toBe(a.slo.atPlannedMs);
  });
});
