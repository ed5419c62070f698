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
import { analyzePlan } from '../engine/analysis/analyze-plan';
import type { AnalysisData } from '../engine/analysis/types';
import { parseCatalog } from '../engine/catalog/schema';
import { parseLambdaPrices } from '../engine/dynamodb/lambda-prices-schema';
import { parseDynamoPrices } from '../engine/dynamodb/prices-schema';
import { analysisOutput } from './analysis-output';

export interface PlanCliIo {
  /** Read a file as UTF-8 text; throw (any error) when it cannot be read. */
  readFile: (path: string) => string;
  /** Read the dated DynamoDB price file (public/prices/dynamodb.json) as text. */
  readDynamoPrices: () => string;
  /** Read the hardware catalog (public/catalog/hardware.json) as text; without it the optimizer is left out. */
  readCatalog?: () => string;
  /** Read the Lambda price file (public/prices/lambda.json); without it stream consumers have no cost. */
  readLambdaPrices?: () => string;
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
  const data = loadAnalysisData(io, plan.dynamodb.enabled);
  if (!data.ok) return { code: 1, stdout: '', stderr: data.stderr };
  let result: ReturnType<typeof analysisOutput>;
  try {
    // The same analysis the app shows: one (main) server at its share, the fleet, the cluster,
    // DynamoDB (priced with the shipped price file) and the optimizer over the shipped catalog.
    result = analysisOutput(analyzePlan(plan, data.data));
  } catch (e) {
    // The engine should never throw on a valid plan; if it does, say so plainly (exit 1 = bug).
    return { code: 1, stdout: '', stderr: `${label}: internal error while sizing: ${(e as Error).stack ?? String(e)}\n` };
  }
  return { code: 0, stdout: `${JSON.stringify({ plan, result }, null, 2)}\n`, stderr: warnings };
}

/**
 * The shipped data files, parsed like the app parses them. A broken price file is a bug in this
 * repository (exit 1) when the plan needs it; a broken catalog only leaves the optimizer out.
 */
function loadAnalysisData(io: PlanCliIo, needPrices: boolean): { ok: true; data: AnalysisData } | { ok: false; stderr: string } {
  let prices: ReturnType<typeof parseDynamoPrices>;
  try {
    prices = parseDynamoPrices(JSON.parse(io.readDynamoPrices()));
  } catch (e) {
    prices = { ok: false, message: (e as Error).message };
  }
  if (needPrices && !prices.ok) return { ok: false, stderr: `public/prices/dynamodb.json: ${prices.message}\n` };
  let catalog: ReturnType<typeof parseCatalog> | null;
  try {
    catalog = io.readCatalog ? parseCatalog(JSON.parse(io.readCatalog())) : null;
  } catch {
    catalog = null;
  }
  let lambda: ReturnType<typeof parseLambdaPrices> | null;
  try {
    lambda = io.readLambdaPrices ? parseLambdaPrices(JSON.parse(io.readLambdaPrices())) : null;
  } catch {
    lambda = null;
  }
  return {
    ok: true,
    data: { dynamoPrices: prices.ok ? prices.prices : null, catalog: catalog?.ok ? catalog.catalog : null, lambdaPrices: lambda?.ok ? lambda.prices : null },
  };
}
