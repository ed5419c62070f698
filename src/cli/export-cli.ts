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
import { safeUrl, UnsafeValueError } from '../export/safe';
import type { Plan } from '../plan/schema';
import { readPlanInput } from './plan-input';

/** What is at the --out path. 'bundle': a folder holding a previous Headroom bundle (BUNDLE_MARKER). */
export type DirState = 'missing' | 'empty' | 'bundle' | 'foreign' | 'root' | 'symlink' | 'not-a-directory';
/** What is at a path, without following a symbolic link (lstat). */
export type EntryKind = 'missing' | 'file' | 'dir' | 'symlink' | 'other';

/** Where the bundle is written: ./node-bundle-fs.ts on Node; tests may use a temporary root. */
export interface BundleFs {
  inspectDir: (dir: string) => DirState;
  entryKind: (path: string) => EntryKind;
  /** Create a directory and its parents; no error when it exists. */
  mkdir: (dir: string) => void;
  /** Write to a temporary name in the same folder, then rename over `path`; never follows a link. */
  writeFileAtomic: (path: string, data: string | Uint8Array) => void;
}

export interface ExportCliIo {
  /** Read a file as UTF-8 text; throw when it cannot be read. */
  readFile: (path: string) => string;
  fs: BundleFs;
  /** The generation time written into each file's header. */
  now: () => Date;
}

/**
 * Written last into every bundle folder: a later export may replace the files of a folder holding
 * it, while any other non-empty folder is refused without --force (a typo in --out never
 * overwrites someone's files).
 */
export const BUNDLE_MARKER = '.headroom-bundle';

export interface ExportCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const EXPORT_CLI_USAGE = `Usage: npm run export -- <plan.json> --out <dir> [--zip] [--force] [--lenient] [--generated-at <ISO date>] [--plan-url <url>]

Reads a Headroom plan (JSON; a partial plan gets defaults), sizes it, and writes the export
bundle into <dir>: nginx.conf, gunicorn.conf.py + gunicorn.service or www.conf, loadtest.js (k6),
README.md and, when the plan's DynamoDB section is enabled, dynamodb-cloudformation.yaml,
dynamodb.tf and one create-table.<table>.json per table (capacity units only: no price file needed).
With other server kinds (fleet.otherKinds), each kind's app config goes in kinds/<name>/.
Use "-" to read the plan from standard input, or pass a share link (a URL or fragment
containing #p=…, quoted) instead of a file.

Options:
  --out <dir>              directory to write: missing, empty, or holding a previous bundle
                           (its ${BUNDLE_MARKER} file); its files are replaced
  --force                  also write into a non-empty folder that holds no previous bundle
  --zip                    also write all files as one headroom-<plan>.zip in <dir>
  --lenient                ignore unknown fields of the plan (a warning each on stderr)
  --generated-at <date>    date for the file headers (default: now), e.g. 2026-03-01T12:00:00Z
  --plan-url <url>         share link written into each header: an http(s) URL of printable
                           ASCII without spaces or "*/", at most 2,000 characters
  -h, --help               show this help

Refused (exit 2, nothing written): --out / (the file system root, even with --force); a
symbolic link as --out or anywhere in the bundle (never followed); a non-empty folder without
a previous bundle (unless --force); a --plan-url that is not a safe http(s) URL; a plan with an
invalid or unknown field (unknown ones pass with --lenient).
Each file is written to a temporary name and renamed, so no half-written file is left behind.

Exit codes:
  0  files written (their paths on stdout)
  2  bad arguments, a refused --out or --plan-url, or the plan file is missing, unreadable,
     not JSON, or has an invalid or unknown field
  1  a file could not be written`;

interface Args {
  file: string;
  out: string;
  zip: boolean;
  force: boolean;
  lenient: boolean;
  generatedAt: string | null;
  planUrl: string | null;
}

function parseArgs(argv: readonly string[]): Args | string {
  const files: string[] = [];
  let out: string | null = null;
  let zip = false;
  let force = false;
  let lenient = false;
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
    else if (a === '--force') force = true;
    else if (a === '--lenient') lenient = true;
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
  return { file: files[0] as string, out, zip, force, lenient, generatedAt, planUrl };
}

const joinPath = (dir: string, name: string) => (dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`);

/**
 * Why a --plan-url is refused, or null. It is written into comments of several languages (nginx,
 * Python, JavaScript, YAML), so beyond http(s) it must hold no space, control or bidi character
 * and no "*\/" that would end a JavaScript block comment.
 */
export function planUrlProblem(url: string): string | null {
  if (url.length > 2000) return 'longer than 2,000 characters';
  if (!/^https?:\/\//i.test(url)) return 'not an http(s) URL';
  if (!/^[\x21-\x7e]+$/.test(url)) return 'holds a space, a control character or non-ASCII text (e.g. a bidi control)';
  if (url.includes('*/')) return 'holds "*/"';
  if (safeUrl(url) === null) return 'not a safe http(s) URL';
  return null;
}

/** Every path the bundle writes, relative to --out (folders for per-kind files first). */
function bundlePaths(files: readonly { path: string }[], zipName: string | null): { dirs: string[]; files: string[] } {
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return { dirs: [...dirs], files: [...files.map((f) => f.path), ...(zipName ? [zipName] : []), BUNDLE_MARKER] };
}

/** Why writing the bundle into `out` is refused (exit 2, nothing written), or null. */
function refuseTarget(fs: BundleFs, out: string, force: boolean, paths: { dirs: string[]; files: string[] }): string | null {
  const state = fs.inspectDir(out);
  if (state === 'root') return `refusing to write into the file system root (${out}); choose a folder for the bundle`;
  if (state === 'symlink') return `${out} is a symbolic link; refusing to follow it (pass the real folder)`;
  if (state === 'not-a-directory') return `${out} exists and is not a folder`;
  if (state === 'foreign' && !force) return `${out} is not empty and holds no previous Headroom bundle (no ${BUNDLE_MARKER}); use an empty folder, or --force to write into it`;
  if (state === 'missing' || state === 'empty') return null;
  for (const dir of paths.dirs) {
    const kind = fs.entryKind(joinPath(out, dir));
    if (kind !== 'missing' && kind !== 'dir') return `${joinPath(out, dir)} is ${kind === 'symlink' ? 'a symbolic link' : 'not a folder'}; refusing to write through it`;
  }
  for (const file of paths.files) {
    const kind = fs.entryKind(joinPath(out, file));
    if (kind === 'symlink') return `${joinPath(out, file)} is a symbolic link; refusing to follow or replace it`;
    if (kind === 'dir' || kind === 'other') return `${joinPath(out, file)} exists and is not a regular file`;
  }
  return null;
}

function writeAll(fs: BundleFs, out: string, files: ReturnType<typeof buildBundle>, zip: { name: string; bytes: Uint8Array } | null, paths: { dirs: string[] }): ExportCliResult {
  const written: string[] = [];
  try {
    fs.mkdir(out);
    for (const dir of paths.dirs) fs.mkdir(joinPath(out, dir));
    for (const f of files) {
      fs.writeFileAtomic(joinPath(out, f.path), f.text);
      written.push(joinPath(out, f.path));
    }
    if (zip) {
      fs.writeFileAtomic(joinPath(out, zip.name), zip.bytes);
      written.push(joinPath(out, zip.name));
    }
    fs.writeFileAtomic(joinPath(out, BUNDLE_MARKER), `${JSON.stringify({ generator: 'headroom export', files: written.map((p) => p.slice(joinPath(out, '').length)) }, null, 2)}\n`);
  } catch (e) {
    return { code: 1, stdout: written.map((p) => `${p}\n`).join(''), stderr: `export: cannot write to ${out}: ${(e as Error).message}\n` };
  }
  return { code: 0, stdout: written.map((p) => `${p}\n`).join(''), stderr: '' };
}

function build(plan: Plan, label: string, generatedAt: Date, planUrl: string | null): ReturnType<typeof buildBundle> | ExportCliResult {
  try {
    return buildBundle(analyzePlan(plan), { generatedAt, ...(planUrl ? { planUrl } : {}) });
  } catch (e) {
    if (e instanceof UnsafeValueError) return { code: 2, stdout: '', stderr: `${label}: ${e.message}\n` };
    return { code: 1, stdout: '', stderr: `${label}: internal error while exporting: ${(e as Error).stack ?? String(e)}\n` };
  }
}

export function runExportCli(argv: readonly string[], io: ExportCliIo): ExportCliResult {
  if (argv.includes('-h') || argv.includes('--help')) return { code: 0, stdout: `${EXPORT_CLI_USAGE}\n`, stderr: '' };
  const args = parseArgs(argv);
  if (typeof args === 'string') return { code: 2, stdout: '', stderr: `export: ${args}\n\n${EXPORT_CLI_USAGE}\n` };

  let generatedAt = io.now();
  if (args.generatedAt !== null) {
    generatedAt = new Date(args.generatedAt);
    if (Number.isNaN(generatedAt.getTime())) return { code: 2, stdout: '', stderr: `export: --generated-at: not a date: ${args.generatedAt}\n` };
  }
  const urlProblem = args.planUrl === null ? null : planUrlProblem(args.planUrl);
  if (urlProblem) return { code: 2, stdout: '', stderr: `export: --plan-url: ${urlProblem}\n` };

  const input = readPlanInput(args.file, io.readFile, { lenient: args.lenient });
  if (!input.ok) return { code: 2, stdout: '', stderr: input.stderr };
  const files = build(input.plan, input.label, generatedAt, args.planUrl);
  if (!Array.isArray(files)) return files;

  const zip = args.zip ? { name: bundleFileName(input.plan), bytes: zipBundle(files, generatedAt) } : null;
  const paths = bundlePaths(files, zip?.name ?? null);
  const refused = refuseTarget(io.fs, args.out, args.force, paths);
  if (refused) return { code: 2, stdout: '', stderr: `export: --out: ${refused}\n` };
  const result = writeAll(io.fs, args.out, files, zip, paths);
  return { ...result, stderr: input.warnings + result.stderr };
}
