/**
 * The plan a CLI was given (a file, "-" for stdin, or a share link), restored exactly like the app
 * restores a file, a link or a saved plan (src/plan/restore.ts) — but a CLI refuses what the app
 * would repair: any dropped field exits 2, so a script never sizes or exports a different plan
 * than the one it was given. `--lenient` only lets UNKNOWN fields through (a warning each on
 * stderr); a bad value is always refused.
 */
import { restorePlanFromText, type PlanProblem } from '../plan/restore';
import type { Plan } from '../plan/schema';
import { isShareLinkArg, restorePlanFromLink } from '../share/link-codec';

export type PlanInput = { ok: true; plan: Plan; label: string; warnings: string } | { ok: false; stderr: string };

/** How a plan argument is named in messages. */
export const planLabel = (arg: string) => (arg === '-' ? '<stdin>' : isShareLinkArg(arg) ? '<link>' : arg);

const lines = (label: string, problems: readonly PlanProblem[], suffix = '') => problems.map((p) => `${label}: ${p.field}: ${p.message}${suffix}\n`).join('');

function readText(arg: string, readFile: (path: string) => string): { text: string } | { error: string } {
  try {
    return { text: readFile(arg) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a directory' : (err.message ?? String(e));
    return { error: `${planLabel(arg)}: (file): cannot read: ${reason}\n` };
  }
}

export function readPlanInput(arg: string, readFile: (path: string) => string, opts: { lenient: boolean }): PlanInput {
  const label = planLabel(arg);
  let restored;
  if (isShareLinkArg(arg)) restored = restorePlanFromLink(arg);
  else {
    const read = readText(arg, readFile);
    if ('error' in read) return { ok: false, stderr: read.error };
    restored = restorePlanFromText(read.text);
  }
  if (!restored.ok) {
    const problems = restored.problems.length > 0 ? restored.problems : [{ field: '(plan)', message: 'invalid plan' }];
    return { ok: false, stderr: lines(label, problems) };
  }
  const tolerated = opts.lenient ? restored.problems.filter((p) => p.kind === 'unknown') : [];
  const refused = restored.problems.filter((p) => !tolerated.includes(p));
  if (refused.length > 0) return { ok: false, stderr: lines(label, refused) };
  return { ok: true, plan: restored.plan, label, warnings: lines(label, tolerated, ' (ignored: --lenient)') };
}
