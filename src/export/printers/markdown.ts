/**
 * A small Markdown document model for the bundle's README.md.
 */
import { CONTROL_CHARS } from '../../plan/measured-schema';

export type MdBlock =
  | { kind: 'h'; level: 1 | 2 | 3; text: string }
  | { kind: 'p'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'code'; lang: string; text: string }
  | { kind: 'table'; head: string[]; rows: string[][] };

/** Escape text for a table cell: pipes would split the cell, line breaks would end the row. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

// The plan's own set of characters a file name may not hold (control, line-break, bidi).
const CONTROL_CHARS_G = new RegExp(CONTROL_CHARS.source, 'gu');

/**
 * Free text (a measurement file's name) as a Markdown code span, so nothing in it is read as
 * syntax: control, line-break and bidi characters become spaces (no new line, heading or list can
 * start), and the fence is one backtick longer than the longest run inside (CommonMark), padded
 * with a space when the text starts or ends with a backtick or a space. Not for table cells.
 */
export function mdCode(text: string): string {
  const t = text.replace(CONTROL_CHARS_G, ' ');
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(t) ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

export function printMarkdown(blocks: MdBlock[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    if (out.length > 0) out.push('');
    switch (b.kind) {
      case 'h':
        out.push(`${'#'.repeat(b.level)} ${b.text}`);
        break;
      case 'p':
        out.push(b.text);
        break;
      case 'list':
        for (const i of b.items) out.push(`- ${i}`);
        break;
      case 'code':
        out.push(`\`\`\`${b.lang}`, b.text.replace(/\n$/, ''), '```');
        break;
      case 'table':
        out.push(`| ${b.head.map(cell).join(' | ')} |`);
        out.push(`|${b.head.map(() => '---').join('|')}|`);
        for (const r of b.rows) out.push(`| ${r.map(cell).join(' | ')} |`);
        break;
    }
  }
  return `${out.join('\n')}\n`;
}
