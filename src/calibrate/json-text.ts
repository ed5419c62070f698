/** JSON.parse with a line number for the error, and a line finder for zod issues (file:line messages). */
import type * as z from 'zod/mini';
import type { Problem } from './types';

export type JsonParse = { ok: true; value: unknown } | { ok: false; problem: Problem };

const lineAt = (text: string, index: number): number => text.slice(0, Math.max(0, index)).split('\n').length;

export function parseJsonText(file: string, text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const msg = (e as Error).message;
    // V8 says "… at position 123" (Node 20) or "(line 3 column 5)" (newer); an unexpected end has neither.
    const pos = /position (\d+)/.exec(msg);
    const lc = /line (\d+) column/.exec(msg);
    const line = lc ? Number(lc[1]) : pos ? lineAt(text, Number(pos[1])) : text.split('\n').length;
    const atEnd = pos !== null && Number(pos[1]) >= text.trimEnd().length;
    const what = atEnd || /end of JSON|Unterminated|unexpected end/i.test(msg) ? 'truncated JSON' : 'not valid JSON';
    return { ok: false, problem: { file, line, message: `${what} (${msg})` } };
  }
}

/** Line (1-based) of the first `"key"` in the text, searched after the line of the previous path key. */
export function lineOfPath(text: string, path: readonly PropertyKey[]): number {
  let from = 0;
  for (const k of path) {
    if (typeof k !== 'string') continue;
    const at = text.indexOf(JSON.stringify(k), from);
    if (at < 0) break;
    from = at;
  }
  return lineAt(text, from);
}

/**
 * JSON text checked against a zod schema; a failure names the file, the line of the offending key
 * and what it should be (`what` = "a k6 summary", …; `hint` is added for a failing top-level key).
 */
export function parseJsonWith<S extends z.ZodMiniType>(
  file: string,
  text: string,
  schema: S,
  what: string,
  hint: (path: readonly PropertyKey[]) => string = () => '',
): { ok: true; data: z.output<S> } | { ok: false; problems: Problem[] } {
  const json = parseJsonText(file, text);
  if (!json.ok) return { ok: false, problems: [json.problem] };
  const r = schema.safeParse(json.value);
  if (r.success) return { ok: true, data: r.data as z.output<S> };
  const issue = r.error.issues[0];
  const path = issue?.path ?? [];
  const message = `not ${what}: ${path.map(String).join('.') || '(root)'}: ${issue?.message ?? 'invalid'}${hint(path)}`;
  return { ok: false, problems: [{ file, line: lineOfPath(text, path), message }] };
}
