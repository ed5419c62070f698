/**
 * The `npm run plan -- <plan.json>` command, kept free of `process` so it can be unit tested:
 * the caller passes a file reader and gets back the exit code and the text to print.
 * scripts/plan-cli.ts is the thin wrapper that wires this to the real file system and streams.
 *
 * Exit codes: 0 = sized, output is JSON on stdout; 2 = the plan file is missing, unreadable,
 * not JSON, or has any bad or unknown field (even one the restorer could drop in favour of its
 * default: a script must never silently size a different plan than the one it was given; see
 * ./plan-input.ts, where --lenient lets unknown fields through with a warning).
 */
import { readPlanInput } from './plan-input';
import { sizePlanPerServer } from '../engine/size-plan';
import { sizeDynamo } from '../engine/dynamodb/size-dynamo';
import { analyzeCluster, type ClusterResult } from '../engine/cluster/cluster';
import { analyzeKinds, type KindsResult } from '../engine/fleet/kinds';
import { serverLimits } from '../engine/fleet/optimizer';
import { perServerPlan } from '../engine/fleet/per-server';
import type { Plan } from '../plan/schema';
import { parseDynamoPrices } from '../engine/dynamodb/prices-schema';
import { buildContext } from '../engine/context';

export interface PlanCliIo {
  /** Read a file as UTF-8 text; throw (any error) when it cannot be read. */
  readFile: (path: string) => string;
  /** Read the dated DynamoDB price file (public/prices/dynamodb.json) as text. */
  readDynamoPrices: () => string;
}

export interface PlanCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const PLAN_CLI_USAGE = `Usage: npm run plan -- <plan.json> [--lenient]
       npx tsx scripts/plan-cli.ts <plan.json> [--lenient]

Reads a Headroom plan (JSON; see src/plan/schema.ts — a partial plan gets defaults), sizes it,
and prints {"plan": <the complete plan>, "result": <the sizing result>} as JSON on stdout.
Use "-" to read the plan from standard input, or pass a share link (a URL or fragment
containing #p=…, quoted) instead of a file.

Exit codes:
  0  sized; JSON on stdout
  2  the file is missing or unreadable, is not JSON, has a newer or unknown "version",
     a field is invalid, or a field is unknown (a typo such as "physicalcores");
     each problem is printed to stderr as "<file>: <field>: <message>", e.g.
     "plan.json: hardware.physicalcores: unknown field"

Options:
  --lenient   ignore unknown fields (a warning each on stderr) instead of exiting 2;
              invalid values are still refused
  -h, --help  show this help`;

interface PlanArgs {
  file: string;
  lenient: boolean;
}

/** The arguments, or the usage error to print (exit 2). */
function parsePlanArgs(argv: readonly string[]): PlanArgs | string {
  const options = argv.filter((a) => a.startsWith('-') && a !== '-');
  const unknown = options.filter((a) => a !== '--lenient');
  const files = argv.filter((a) => !a.startsWith('-') || a === '-');
  if (unknown.length > 0) return `unknown option ${unknown.join(', ')}`;
  if (files.length !== 1) return files.length === 0 ? 'missing plan file' : `expected one plan file, got ${files.length}`;
  return { file: files[0] as string, lenient: options.includes('--lenient') };
}

export function runPlanCli(argv: readonly string[], io: PlanCliIo): PlanCliResult {
  if (argv.includes('-h') || argv.includes('--help')) {
    return { code: 0, stdout: `${PLAN_CLI_USAGE}\n`, stderr: '' };
  }
  const args = parsePlanArgs(argv);
  if (typeof args === 'string') return { code: 2, stdout: '', stderr: `plan: ${args}\n\n${PLAN_CLI_USAGE}\n` };
  const input = readPlanInput(args.file, io.readFile, { lenient: args.lenient });
  if (!input.ok) return { code: 2, stdout: '', stderr: input.stderr };
  const { label, warnings } = input;

  const plan = input.plan;
  let prices: ReturnType<typeof parseDynamoPrices>;
  try {
    prices = parseDynamoPrices(JSON.parse(io.readDynamoPrices()));
  } catch (e) {
    prices = { ok: false, message: (e as Error).message };
  }
  if (plan.dynamodb.enabled && !prices.ok) {
    return { code: 1, stdout: '', stderr: `public/prices/dynamodb.json: ${prices.message}\n` };
  }
  let result: ReturnType<typeof sizePlanPerServer> & { dynamodb: ReturnType<typeof sizeDynamo> | null; fleet: FleetOutput | null };
  try {
    // One server of the fleet (the plan's load spread over its serving servers), like the app shows.
    const web = sizePlanPerServer(plan);
    // DynamoDB is sized at the web tier's planned dynamic request rate (per-request tables).
    const dynamodb = plan.dynamodb.enabled && prices.ok ? sizeDynamo(plan.dynamodb, buildContext(plan).dynamicRps, prices.prices) : null;
    result = { ...web, dynamodb, fleet: fleetOutput(plan, web) };
  } catch (e) {
    // The engine should never throw on a valid plan; if it does, say so plainly (exit 1 = bug).
    return { code: 1, stdout: '', stderr: `${label}: internal error while sizing: ${(e as Error).stack ?? String(e)}\n` };
  }
  return { code: 0, stdout: `${JSON.stringify({ plan, result }, null, 2)}\n`, stderr: warnings };
}

/** Multi-server results: the server kinds and the failure what-ifs (null for a lone server, no cache). */
type FleetOutput = { kinds: KindsResult; cluster: Omit<ClusterResult, 'sim'> };
function fleetOutput(plan: Plan, web: ReturnType<typeof sizePlanPerServer>): FleetOutput | null {
  const f = plan.fleet;
  if (f.servers <= 1 && f.otherKinds.length === 0 && f.backupServers === 0 && !plan.cache.microcacheEnabled) return null;
  const kinds = analyzeKinds(plan);
  // The simulation set-up is for the browser's "Compare methods"; the CLI reports the closed-form results.
  const { sim: _sim, ...cluster } = analyzeCluster({ plan, perServer: serverLimits(perServerPlan(plan)), proxyReadTimeoutS: web.nginx.proxyReadTimeoutS.value, kinds });
  return { kinds, cluster };
}
