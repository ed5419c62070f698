/**
 * The `npm run export -- <plan.json> --out <dir>` command, kept free of `process` and `fs` so it
 * can be unit tested: the caller passes file access and the clock, and gets back the exit code and
 * the text to print. scripts/export-cli.ts wires it to Node.
 *
 * Exit codes: 0 = files written; 2 = bad arguments, or the plan file is missing, unreadable, not
 * JSON, or has any bad field (each printed as "<file>: <field>: <message>"; a script must never
 * silently export a different plan than the one it was given); 1 = writing failed or internal error.
 */
import { analyzePlan } from '../engine/analysis/analyze-plan';
import { buildBundle, bundleFileName, zipBundle } from '../export/bundle';
import { UnsafeValueError } from '../export/safe';
import { restorePlanFromText } from '../plan/restore';
import { isShareLinkArg, restorePlanFromLink } from '../share/link-codec';

export interface ExportCliIo {
  /** Read a file as UTF-8 text; throw when it cannot be read. */
  readFile: (path: string) => string;
  writeFile: (path: string, data: string | Uint8Array) => void;
  /** Create a directory and its parents; no error when it exists. */
  mkdir: (path: string) => void;
  /** The generation time written into each file's header. */
  now: () => Date;
}

export interface ExportCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const EXPORT_CLI_USAGE = `Usage: npm run export -- <plan.json> --out <dir> [--zip] [--generated-at <ISO date>] [--plan-url <url>]

Reads a Headroom plan (JSON; a partial plan gets defaults), sizes it, and writes the export
bundle into <dir>: nginx.conf, gunicorn.conf.py + gunicorn.service or www.conf, loadtest.js (k6),
README.md and, when the plan's DynamoDB section is enabled, dynamodb-cloudformation.yaml,
dynamodb.tf and one create-table.<table>.json per table (capacity units only: no price file needed).
With other server kinds (fleet.otherKinds), each kind's app config goes in kinds/<name>/.
Use "-" to read the plan from standard input, or pass a share link (a URL or fragment
containing #p=…, quoted) instead of a file.

Options:
  --out <dir>              directory to write (created if missing; existing files are replaced)
  --zip                    also write all files as one headroom-<plan>.zip in <dir>
  --generated-at <date>    date for the file headers (default: now), e.g. 2026-03-01T12:00:00Z
  --plan-url <url>         share link written into each header
  -h, --help               show this help

Exit codes:
  0  files written (their paths on stdout)
  2  bad arguments, or the plan file is missing, unreadable, not JSON, or a field is invalid
  1  a file could not be written`;

interface Args {
  file: string;
  out: string;
  zip: boolean;
  generatedAt: string | null;
  planUrl: string | null;
}

function parseArgs(argv: readonly string[]): Args | string {
  const files: string[] = [];
  let out: string | null = null;
  let zip = false;
  let generatedAt: string | null = null;
  let planUrl: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string | null => {
      const v = argv[i + 1];
      if (v === undefined || (v.startsWith('-') && v !== '-')) return null;
      i++;
      return v;
    };
    if (a === '--out' || a === '-o') {
      out = value();
      if (out === null) return `${a} needs a directory`;
    } else if (a.startsWith('--out=')) out = a.slice(6);
    else if (a === '--zip') zip = true;
    else if (a === '--generated-at') {
      generatedAt = value();
      if (generatedAt === null) return '--generated-at needs a date';
    } else if (a === '--plan-url') {
      planUrl = value();
      if (planUrl === null) return '--plan-url needs a URL';
    } else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
    else files.push(a);
  }
  if (files.length !== 1) return files.length === 0 ? 'missing plan file' : `expected one plan file, got ${files.length}`;
  if (!out) return 'missing --out <dir>';
  return { file: files[0] as string, out, zip, generatedAt, planUrl };
}

const joinPath = (dir: string, name: string) => (dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`);

export function runExportCli(argv: readonly string[], io: ExportCliIo): ExportCliResult {
  if (argv.includes('-h') || argv.includes('--help')) return { code: 0, stdout: `${EXPORT_CLI_USAGE}\n`, stderr: '' };
  const args = parseArgs(argv);
  if (typeof args === 'string') return { code: 2, stdout: '', stderr: `export: ${args}\n\n${EXPORT_CLI_USAGE}\n` };

  let generatedAt = io.now();
  if (args.generatedAt !== null) {
    generatedAt = new Date(args.generatedAt);
    if (Number.isNaN(generatedAt.getTime())) return { code: 2, stdout: '', stderr: `export: --generated-at: not a date: ${args.generatedAt}\n` };
  }

  const label = args.file === '-' ? '<stdin>' : isShareLinkArg(args.file) ? '<link>' : args.file;
  let text: string;
  try {
    text = isShareLinkArg(args.file) ? '' : io.readFile(args.file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : (err.message ?? String(e));
    return { code: 2, stdout: '', stderr: `${label}: (file): cannot read: ${reason}\n` };
  }

  const restored = isShareLinkArg(args.file) ? restorePlanFromLink(args.file) : restorePlanFromText(text);
  if (!restored.ok || restored.problems.length > 0) {
    const problems = restored.problems.length > 0 ? restored.problems : [{ field: '(plan)', message: 'invalid plan' }];
    return { code: 2, stdout: '', stderr: problems.map((p) => `${label}: ${p.field}: ${p.message}\n`).join('') };
  }
  const plan = restored.plan;

  let files: ReturnType<typeof buildBundle>;
  try {
    files = buildBundle(analyzePlan(plan), { generatedAt, ...(args.planUrl ? { planUrl: args.planUrl } : {}) });
  } catch (e) {
    if (e instanceof UnsafeValueError) return { code: 2, stdout: '', stderr: `${label}: ${e.message}\n` };
    return { code: 1, stdout: '', stderr: `${label}: internal error while exporting: ${(e as Error).stack ?? String(e)}\n` };
  }

  const written: string[] = [];
  try {
    io.mkdir(args.out);
    for (const f of files) {
      const path = joinPath(args.out, f.path);
      // Per-kind files live in sub-folders (kinds/<name>/…).
      const slash = f.path.lastIndexOf('/');
      if (slash > 0) io.mkdir(joinPath(args.out, f.path.slice(0, slash)));
      io.writeFile(path, f.text);
      written.push(path);
    }
    if (args.zip) {
      const path = joinPath(args.out, bundleFileName(plan));
      io.writeFile(path, zipBundle(files, generatedAt));
      written.push(path);
    }
  } catch (e) {
    return { code: 1, stdout: written.map((p) => `${p}\n`).join(''), stderr: `export: cannot write to ${args.out}: ${(e as Error).message}\n` };
  }
  return { code: 0, stdout: written.map((p) => `${p}\n`).join(''), stderr: '' };
}
