/**
 * CSV reading through papaparse (quoted fields, CRLF, BOM), with a 1-based file line per row so
 * every problem can name its line. Assumes no newline inside a quoted field (none of the load-test
 * formats writes one in the columns read here).
 */
import Papa from 'papaparse';
import type { Problem } from './types';

export interface CsvRow {
  values: Record<string, string>;
  line: number;
}

export type CsvTable = { ok: true; header: string[]; rows: CsvRow[] } | { ok: false; problem: Problem };

export function readCsv(file: string, text: string, required: readonly string[]): CsvTable {
  const res = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  const header = res.meta.fields ?? [];
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) return { ok: false, problem: { file, line: 1, message: `missing column(s) ${missing.map((m) => `"${m}"`).join(', ')} in the header` } };
  const err = res.errors[0];
  if (err) {
    const line = (err.row ?? 0) + 2;
    const last = err.row === res.data.length - 1 ? ' (truncated?)' : '';
    return { ok: false, problem: { file, line, message: `CSV: ${err.message}${last}` } };
  }
  return { ok: true, header, rows: res.data.map((values, i) => ({ values, line: i + 2 })) };
}

/** A numeric cell; `N/A` and empty are undefined, anything else non-numeric is an error message. */
export function cellNumber(row: CsvRow, column: string): number | undefined | { problem: string } {
  const raw = (row.values[column] ?? '').trim();
  if (raw === '' || raw === 'N/A') return undefined;
  const v = Number(raw);
  return Number.isFinite(v) ? v : { problem: `column "${column}": "${raw.slice(0, 30)}" is not a number` };
}
