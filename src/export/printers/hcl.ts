/**
 * A small HCL printer for Terraform: attributes, nested blocks and comments, laid out the way
 * `terraform fmt` does (two-space indent, `=` aligned across consecutive one-line attributes,
 * one blank line between top-level blocks), so `terraform fmt -check` accepts the file as is.
 */
import { commentText } from '../safe';

export type HclExpr =
  | { kind: 'str'; value: string }
  | { kind: 'num'; value: number }
  | { kind: 'bool'; value: boolean }
  /** An expression written by a builder from its own identifiers (references, templates); never user text. */
  | { kind: 'raw'; text: string }
  | { kind: 'list'; items: HclExpr[] }
  | { kind: 'object'; entries: [string, HclExpr][] };

export type HclItem =
  | { kind: 'attr'; name: string; value: HclExpr }
  | { kind: 'block'; type: string; labels: string[]; body: HclItem[]; comment?: string[] };

export type HclBody = HclItem[];

const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An HCL quoted string: escapes, and `${` / `%{` doubled so nothing is a template. */
export function hclString(s: string): string {
  if (!/^[\x20-\x7e]*$/.test(s)) throw new Error(`an HCL string here must be printable ASCII: ${JSON.stringify(s)}`);
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')}"`;
}

function expr(e: HclExpr): string {
  switch (e.kind) {
    case 'str':
      return hclString(e.value);
    case 'num':
      if (!Number.isFinite(e.value)) throw new Error(`not a finite number: ${e.value}`);
      return String(e.value);
    case 'bool':
      return e.value ? 'true' : 'false';
    case 'raw':
      if (/[\r\n]/.test(e.text)) throw new Error('an HCL expression here is one line');
      return e.text;
    case 'list':
      return `[${e.items.map(expr).join(', ')}]`;
    case 'object':
      return `{ ${e.entries.map(([k, v]) => `${ident(k)} = ${expr(v)}`).join(', ')} }`;
  }
}

function ident(name: string): string {
  if (!IDENT_RE.test(name)) throw new Error(`not an HCL identifier: ${name}`);
  return name;
}

function printBody(body: HclBody, indent: number, out: string[], topLevel: boolean): void {
  const pad = '  '.repeat(indent);
  let i = 0;
  let first = true;
  while (i < body.length) {
    const item = body[i] as HclItem;
    if (item.kind === 'attr') {
      // A run of attributes: align their `=`.
      let j = i;
      while (j < body.length && body[j]?.kind === 'attr') j++;
      const run = body.slice(i, j) as Extract<HclItem, { kind: 'attr' }>[];
      const width = Math.max(...run.map((a) => ident(a.name).length));
      if (!first && topLevel) out.push('');
      for (const a of run) out.push(`${pad}${a.name.padEnd(width)} = ${expr(a.value)}`);
      i = j;
    } else {
      const prev = body[i - 1];
      if (!first && (topLevel || prev?.kind === 'attr' || item.comment)) out.push('');
      for (const c of item.comment ?? []) out.push(`${pad}# ${commentText(c)}`.trimEnd());
      const labels = item.labels.map((l) => ` ${hclString(l)}`).join('');
      out.push(`${pad}${ident(item.type)}${labels} {`);
      printBody(item.body, indent + 1, out, false);
      out.push(`${pad}}`);
      i++;
    }
    first = false;
  }
}

export function printHcl(header: string[], body: HclBody): string {
  const out = header.map((l) => `# ${commentText(l)}`.trimEnd());
  out.push('');
  printBody(body, 0, out, true);
  return `${out.join('\n')}\n`;
}
