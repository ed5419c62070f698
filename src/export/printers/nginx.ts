/**
 * nginx configuration: a directive tree (data) and its printer.
 */
import { commentText } from '../safe';

export type NginxNode =
  | { kind: 'directive'; name: string; args: string[]; comment?: string }
  | { kind: 'block'; name: string; args: string[]; children: NginxNode[]; comment?: string }
  | { kind: 'comment'; text: string }
  | { kind: 'blank' };

export const d = (name: string, args: (string | number)[], comment?: string): NginxNode => ({
  kind: 'directive',
  name,
  args: args.map(String),
  ...(comment ? { comment } : {}),
});
export const block = (name: string, args: (string | number)[], children: NginxNode[], comment?: string): NginxNode => ({
  kind: 'block',
  name,
  args: args.map(String),
  children,
  ...(comment ? { comment } : {}),
});
export const comment = (text: string): NginxNode => ({ kind: 'comment', text });
export const blank: NginxNode = { kind: 'blank' };

const INDENT = '    ';

function printNodes(nodes: NginxNode[], depth: number, out: string[]): void {
  const pad = INDENT.repeat(depth);
  for (const n of nodes) {
    if (n.kind === 'blank') out.push('');
    else if (n.kind === 'comment') out.push(`${pad}# ${commentText(n.text)}`.trimEnd());
    else {
      if (n.comment) out.push(`${pad}# ${commentText(n.comment)}`);
      const head = [n.name, ...n.args].join(' ');
      if (n.kind === 'directive') out.push(`${pad}${head};`);
      else {
        out.push(`${pad}${head} {`);
        printNodes(n.children, depth + 1, out);
        out.push(`${pad}}`);
      }
    }
  }
}

export function printNginx(header: string[], nodes: NginxNode[]): string {
  const out = header.map((l) => `# ${commentText(l)}`.trimEnd());
  out.push('');
  printNodes(nodes, 0, out);
  return `${out.join('\n')}\n`;
}
