/**
 * A small YAML printer for CloudFormation templates: block maps and lists, every string
 * double-quoted (so a table named `true`, `1e3` or `null` stays a string), comments before map
 * entries. Only printable ASCII reaches the output; anything else throws.
 */
import { commentText } from '../safe';

export type YamlNode = string | number | boolean | YamlNode[] | YamlMap;

export interface YamlEntry {
  key: string;
  value: YamlNode;
  /** Comment lines printed above the entry. */
  comment?: string[];
}

export interface YamlMap {
  kind: 'map';
  entries: YamlEntry[];
  comment?: string[];
}

const KEY_RE = /^[A-Za-z][A-Za-z0-9]*(::[A-Za-z][A-Za-z0-9]*)*$/;

function isMap(v: YamlNode): v is YamlMap {
  return typeof v === 'object' && !Array.isArray(v);
}

export function yamlScalar(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  if (!/^[\x20-\x7e]*$/.test(v)) throw new Error(`a YAML string here must be printable ASCII: ${JSON.stringify(v)}`);
  // A JSON string of printable ASCII is a valid YAML double-quoted scalar.
  return JSON.stringify(v);
}

function printNode(v: YamlNode, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  if (isMap(v)) {
    for (const e of v.entries) {
      if (!KEY_RE.test(e.key)) throw new Error(`not a plain YAML key: ${e.key}`);
      for (const c of e.comment ?? []) out.push(`${pad}# ${commentText(c)}`.trimEnd());
      printValue(`${pad}${e.key}:`, e.value, indent, out);
    }
    return;
  }
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isMap(item) && item.entries.length > 0) {
        // "- " then the first entry on the same line, the rest indented under it.
        const sub: string[] = [];
        printNode(item, indent + 2, sub);
        const first = sub[0] ?? '';
        out.push(`${pad}- ${first.slice(indent + 2)}`, ...sub.slice(1));
      } else printValue(`${pad}-`, item, indent, out);
    }
    return;
  }
  out.push(`${pad}${yamlScalar(v)}`);
}

function printValue(prefix: string, value: YamlNode, indent: number, out: string[]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.push(`${prefix} []`);
    else {
      out.push(prefix);
      printNode(value, indent + 2, out);
    }
  } else if (isMap(value)) {
    if (value.entries.length === 0) out.push(`${prefix} {}`);
    else {
      out.push(prefix);
      printNode(value, indent + 2, out);
    }
  } else out.push(`${prefix} ${yamlScalar(value)}`);
}

export function printYaml(header: string[], doc: YamlMap): string {
  const out = header.map((l) => `# ${commentText(l)}`.trimEnd());
  out.push('');
  printNode(doc, 0, out);
  return `${out.join('\n')}\n`;
}
