/**
 * A small Markdown document model for the bundle's README.md.
 */

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
