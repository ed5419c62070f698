/**
 * INI-style files: the PHP-FPM pool (`;` comments, `key = value`) and systemd units (`#` comments,
 * `Key=value`). One data shape, two dialects.
 */
import { commentText } from '../safe';

export type IniEntry =
  | { kind: 'entry'; key: string; value: string | number; comment?: string[] }
  | { kind: 'comment'; text: string }
  | { kind: 'blank' };

export interface IniSection {
  /** Section header; '' for a file without sections (sysctl.d). */
  name: string;
  entries: IniEntry[];
}

export interface IniDialect {
  commentPrefix: '; ' | '# ';
  separator: ' = ' | '=';
}

export const FPM_INI: IniDialect = { commentPrefix: '; ', separator: ' = ' };
export const SYSTEMD_INI: IniDialect = { commentPrefix: '# ', separator: '=' };
/** sysctl.d(5): `key = value`, `#` comments, no sections. */
export const SYSCTL_INI: IniDialect = { commentPrefix: '# ', separator: ' = ' };

export function printIni(dialect: IniDialect, header: string[], sections: IniSection[]): string {
  const c = (t: string) => `${dialect.commentPrefix}${commentText(t)}`.trimEnd();
  const out = header.map(c);
  for (const s of sections) {
    out.push('');
    if (s.name !== '') out.push(`[${s.name}]`);
    for (const e of s.entries) {
      if (e.kind === 'blank') out.push('');
      else if (e.kind === 'comment') out.push(c(e.text));
      else {
        const value = String(e.value);
        if (/[\r\n]/.test(value)) throw new Error(`${e.key}: a value cannot hold a line break`);
        for (const line of e.comment ?? []) out.push(c(line));
        out.push(`${e.key}${dialect.separator}${value}`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}
