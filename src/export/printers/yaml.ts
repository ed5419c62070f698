/**
 * A small YAML printer for CloudFormation templates, Kubernetes objects, Prometheus rules and the
 * compose file: block maps and lists, every string double-quoted (so a table named `true`, `1e3` or
 * `null` stays a string), comments before map entries. Keys that are not plain identifiers
 * (`app.kubernetes.io/name`, `depends_on`) are double-quoted too, so YAML 1.1 readers (PyYAML in
 * docker-compose) cannot read `on` or `yes` as a boolean. Only printable ASCII reaches the output:
 * other printable text is escaped (\u), control characters throw.
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

/** Plain words YAML 1.1 reads as booleans or null. */
const YAML11_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);

function isMap(v: YamlNode): v is YamlMap {
  return typeof v === 'object' && !Array.isArray(v);
}

export function yamlScalar(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  // Control characters (and C1 controls) never reach a file; other non-ASCII text (the × and ⌈⌉ of a config file's
  // comments in a ConfigMap) is written as \u / \U escapes, so the output stays printable ASCII.
  if (/[^\x20-\x7e\n\u00a0-\u{10ffff}]|[\u2028\u2029\ud800-\udfff]/u.test(v)) throw new Error(`a YAML string here must be printable text: ${JSON.stringify(v)}`);
  // A JSON string (newlines escaped as \n, e.g. a ConfigMap's file) is a valid YAML double-quoted scalar.
  return JSON.stringify(v).replace(/[^\x20-\x7e]/gu, (c) => {
    const cp = c.codePointAt(0) ?? 0;
    return cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  });
}

function printNode(v: YamlNode, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  if (isMap(v)) {
    for (const e of v.entries) {
      const key = KEY_RE.test(e.key) && !YAML11_WORDS.has(e.key.toLowerCase()) ? e.key : yamlScalar(e.key);
      for (const c of e.comment ?? []) out.push(`${pad}# ${commentText(c)}`.trimEnd());
      printValue(`${pad}${key}:`, e.value, indent, out);
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

/** Plain data (objects, arrays, strings, finite numbers, booleans) as a YAML node; undefined entries are left out. */
export type PlainData = string | number | boolean | undefined | readonly PlainData[] | { readonly [key: string]: PlainData };

export function yamlOf(v: PlainData): YamlNode {
  if (v === undefined) throw new Error('undefined has no YAML form');
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return (v as readonly PlainData[]).filter((x) => x !== undefined).map(yamlOf);
  const obj = v as { readonly [key: string]: PlainData };
  return { kind: 'map', entries: Object.entries(obj).flatMap(([key, value]) => (value === undefined ? [] : [{ key, value: yamlOf(value) }])) };
}

/** Several YAML documents in one file (`---` between them), after one comment header. */
export function printYamlDocs(header: string[], docs: readonly PlainData[]): string {
  const out = header.map((l) => `# ${commentText(l)}`.trimEnd());
  docs.forEach((doc) => {
    out.push('---');
    printNode(yamlOf(doc), 0, out);
  });
  return `${out.join('\n')}\n`;
}
