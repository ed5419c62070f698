/**
 * The `npm run calibrate -- <files…> [--plan plan.json]` command, kept free of `process` so it can
 * be unit tested (like ./plan-cli.ts): the caller passes a file reader and today's date.
 *
 * Exit codes: 0 = fitted, JSON {fit, memory, plan, changes, …} on stdout; 1 = internal error (a bug); 2 = a file is missing,
 * unreadable, of an unknown format, truncated, lacks units, or the sweep contradicts itself (then
 * the JSON is still printed with the plan unchanged); each problem as "<file>:<line>: message".
 */
import { formatProblem, type Problem } from '../calibrate/types';
import { importMeasurements } from '../calibrate/import';
import { KNOWN_FORMATS } from '../calibrate/detect';
import { lineOfPath } from '../calibrate/json-text';
import { restorePlanFromText } from '../plan/restore';
import type { Plan } from '../plan/schema';

export interface CalibrateCliIo {
  /** Read a file as UTF-8 text; throw (any error) when it cannot be read. */
  readFile: (path: string) => string;
  /** Today's date, yyyy-mm-dd, recorded on applied fields when no meta.json dates the measurement. */
  today: () => string;
}

export interface CalibrateCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const CALIBRATE_CLI_USAGE = `Usage: npm run calibrate -- <file…> [--plan plan.json] [--measured-cpu]

Reads load-test results and server logs, fits the per-request CPU ms, I/O ms and CVs of the
engine's model to them, and prints {"fit", "memory", "plan", "changes", "files"} as JSON:
the fitted values with the error at each point, and the plan (--plan, or the default) with
the fitted values applied. Files are recognised by content: ${KNOWN_FORMATS}.
A sweep of wrk files is one folder: pass its c*.txt files (and its meta.json to size the
measured pool; without it, --plan must describe the measured server).

Options:
  --plan <file>    plan to apply the fit to (JSON, see src/plan/schema.ts)
  --measured-cpu   take the CPU per request from the meta.json's server CPU time instead of fitting it
  -h, --help       show this help

Exit codes:
  0  fitted; JSON on stdout
  2  a file cannot be read or parsed, or the sweep contradicts itself
     (each problem on stderr as "<file>:<line>: message"; the plan is then left unchanged)`;

type Args = { files: string[]; planFile: string | null; measuredCpu: boolean; help: boolean; error: string | null };

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { files: [], planFile: null, measuredCpu: false, help: false, error: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') a.help = true;
    else if (arg === '--measured-cpu') a.measuredCpu = true;
    else if (arg === '--plan') {
      const next = argv[++i];
      if (next === undefined) a.error = '--plan needs a file';
      else a.planFile = next;
    } else if (arg.startsWith('-')) a.error = `unknown option ${arg}`;
    else a.files.push(arg);
  }
  if (!a.error && !a.help && a.files.length === 0) a.error = 'no measurement files given';
  return a;
}

function readAll(paths: readonly string[], io: CalibrateCliIo): { texts: { file: string; text: string }[]; problems: Problem[] } {
  const texts: { file: string; text: string }[] = [];
  const problems: Problem[] = [];
  for (const file of paths) {
    try {
      texts.push({ file, text: io.readFile(file) });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const reason = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : (err.message ?? String(e));
      problems.push({ file, line: 0, message: `cannot read: ${reason}` });
    }
  }
  return { texts, problems };
}

function readPlan(file: string, io: CalibrateCliIo): { plan: Plan } | { problems: Problem[] } {
  const { texts, problems } = readAll([file], io);
  const text = texts[0]?.text;
  if (text === undefined) return { problems };
  const restored = restorePlanFromText(text);
  if (restored.ok && restored.problems.length === 0) return { plan: restored.plan };
  // A script must never fit against a different plan than the one it was given (like plan-cli).
  const list = restored.problems.length > 0 ? restored.problems : [{ field: '(plan)', message: 'invalid plan' }];
  return { problems: list.map((p) => ({ file, line: lineOfPath(text, p.field.split('.')), message: `${p.field}: ${p.message}` })) };
}

const fail = (problems: readonly Problem[], stdout = ''): CalibrateCliResult => ({ code: 2, stdout, stderr: problems.map((p) => `${formatProblem(p)}\n`).join('') });

export function runCalibrateCli(argv: readonly string[], io: CalibrateCliIo): CalibrateCliResult {
  const args = parseArgs(argv);
  if (args.help) return { code: 0, stdout: `${CALIBRATE_CLI_USAGE}\n`, stderr: '' };
  if (args.error) return { code: 2, stdout: '', stderr: `calibrate: ${args.error}\n\n${CALIBRATE_CLI_USAGE}\n` };
  let plan: Plan | undefined;
  if (args.planFile !== null) {
    const p = readPlan(args.planFile, io);
    if ('problems' in p) return fail(p.problems);
    plan = p.plan;
  }
  const { texts, problems } = readAll(args.files, io);
  if (problems.length > 0) return fail(problems);
  let out: ReturnType<typeof importMeasurements>;
  try {
    out = importMeasurements(texts, { today: io.today(), measuredCpu: args.measuredCpu, ...(plan ? { plan } : {}) });
  } catch (e) {
    // Parsers and the fit report problems instead of throwing; if one throws anyway, that is a bug (exit 1).
    return { code: 1, stdout: '', stderr: `calibrate: internal error: ${(e as Error).stack ?? String(e)}
` };
  }
  if (!out.ok) return fail(out.problems);
  const { fit, memory, plan: applied, changes, applied: wasApplied, files, measuredPlan } = out.result;
  const json = `${JSON.stringify({ fit, memory, plan: applied, changes, applied: wasApplied, files, measuredSetup: setupSummary(measuredPlan) }, null, 2)}\n`;
  if (out.problems.length > 0) return fail(out.problems, json);
  return { code: 0, stdout: json, stderr: '' };
}

/** The parts of the measured-server plan the fit depended on, for the reader of the JSON. */
function setupSummary(p: Plan) {
  return {
    app: p.app,
    workerClass: p.app === 'gunicorn' ? p.gunicorn.workerClass : null,
    pins: Object.fromEntries(Object.entries(p.pins).filter(([, v]) => v !== null)),
    physicalCores: p.hardware.physicalCores,
    hardwareThreads: p.hardware.hardwareThreads,
    perCoreSpeed: p.hardware.perCoreSpeed,
  };
}
