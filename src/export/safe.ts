/**
 * Defence in depth for free-text plan fields that reach a config file.
 *
 * The schema (src/plan/schema.ts, `deploySchema`) already rejects anything outside each field's
 * target syntax. Builders still pass every interpolated value through `token()`, so a future schema
 * change that loosens a pattern cannot silently let a newline, `;`, a brace, a quote, `#`, `$`,
 * `%` (a systemd specifier), a backslash, whitespace or non-ASCII text into a directive: the export
 * fails loudly instead.
 */
import { PRIMARY_KIND_NAME } from '../plan/schema';

/** Characters every interpolated value is limited to: no separators or syntax of nginx, INI, Python or systemd. */
export const TOKEN_RE = /^[A-Za-z0-9._:/-]+$/;

export class UnsafeValueError extends Error {
  constructor(
    readonly field: string,
    readonly value: string,
    reason = 'allowed: letters, digits and . _ : / -',
  ) {
    super(`${field}: ${JSON.stringify(value)} cannot be written to a config file (${reason})`);
    this.name = 'UnsafeValueError';
  }
}

/** A value safe to write as one bare token in any of the generated formats. */
/** Longer than any field the schema allows (host names: 253). */
export const TOKEN_MAX = 253;

export function token(value: string, field: string): string {
  if (value.length > TOKEN_MAX) throw new UnsafeValueError(field, value, `longer than ${TOKEN_MAX} characters`);
  if (!TOKEN_RE.test(value)) throw new UnsafeValueError(field, value);
  if (value.split('/').includes('..')) throw new UnsafeValueError(field, value, 'a ".." path segment');
  return value;
}

/**
 * A server kind's name (it names a directory in the bundle and appears in comments): a token, and
 * also the schema's narrower rule (letters, digits, _ and -; not "main", the plan's own servers).
 */
export function kindName(value: string, field: string): string {
  token(value, field);
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(value)) throw new UnsafeValueError(field, value, 'a server kind name is 1-32 letters, digits, _ and -');
  if (value === PRIMARY_KIND_NAME) throw new UnsafeValueError(field, value, `"${PRIMARY_KIND_NAME}" names the plan's own servers`);
  return value;
}

/** Text for a comment: one line, no control characters (plan names may hold letters of any script). */
export function commentText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

/** A share link worth printing: plain http(s), printable ASCII only; anything else is dropped. */
export function safeUrl(url: string | undefined): string | null {
  if (url === undefined) return null;
  return /^https?:\/\/[\x21-\x7e]{1,2000}$/.test(url) ? url : null;
}

/** A DynamoDB table or index name (3–255 of A–Z a–z 0–9 _ - .): the schema's rule, checked again before it reaches a file. */
export function dynamoName(value: string, field: string): string {
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(value)) throw new UnsafeValueError(field, value, 'a DynamoDB name is 3-255 characters of letters, digits, _ - and .');
  return value;
}
