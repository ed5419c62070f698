/** Test helpers: read the measurement fixtures under bench/realserver/fixtures (Node only). */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../../bench/realserver/fixtures/', import.meta.url));

export const fixture = (rel: string): { file: string; text: string } => ({ file: rel, text: readFileSync(FIXTURES + rel, 'utf8') });

/** The c<N>.txt files of a sweep folder (the chosen rounds, not c<N>.r<k>.txt), plus its meta.json when asked. */
export function sweepFiles(dir: string, withMeta = false): { file: string; text: string }[] {
  const names = readdirSync(FIXTURES + dir).filter((f) => /^c\d+\.txt$/.test(f) || (withMeta && f === 'meta.json'));
  return names.map((n) => fixture(`${dir}/${n}`));
}
