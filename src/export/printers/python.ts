/**
 * A gunicorn.conf.py: module-level assignments (data) and their printer.
 */
import { commentText } from '../safe';

export type PyValue = string | number | boolean | null;

export type PyLine =
  | { kind: 'setting'; name: string; value: PyValue; comment?: string[] }
  | { kind: 'comment'; text: string }
  | { kind: 'blank' };

/** A Python literal. Strings use double quotes with backslash and quote escaped (builders pass tokens anyway). */
export function pyLiteral(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  if (/[\r\n\u2028\u2029]/.test(v)) throw new Error('a Python string literal cannot hold a line break');
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function printPython(header: string[], lines: PyLine[]): string {
  const out = header.map((l) => `# ${commentText(l)}`.trimEnd());
  out.push('');
  for (const l of lines) {
    if (l.kind === 'blank') out.push('');
    else if (l.kind === 'comment') out.push(`# ${commentText(l.text)}`.trimEnd());
    else {
      if (!/^[a-z_][a-z0-9_]*$/.test(l.name)) throw new Error(`not a Python name: ${l.name}`);
      for (const c of l.comment ?? []) out.push(`# ${commentText(c)}`.trimEnd());
      out.push(`${l.name} = ${pyLiteral(l.value)}`);
    }
  }
  return `${out.join('\n')}\n`;
}
