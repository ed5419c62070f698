/**
 * Share-link format, shared by the encoder (./link-encode.ts) and the decoder (./link-decode.ts).
 *
 * A link is `#p=<code>` in the URL FRAGMENT (never the query string, so the plan never reaches a
 * server or its logs), where
 *   code = base64url( deflate-raw( UTF-8( JSON {v: LINK_FORMAT_VERSION, p: <diff>} ) ) )
 * and <diff> holds only the plan's leaves that differ from defaultPlan() (nginxconfig.io's habit:
 * short links, and a link keeps following improved defaults for fields the user never touched).
 * Arrays (dynamodb.tables, gsis) are compared and carried as whole values.
 *
 * The link format version is its own number, separate from PLAN_FORMAT_VERSION: the envelope
 * (compression, {v, p}, diff-against-defaults) can change without the plan changing and vice
 * versa. Plan-level migrations stay in src/plan/restore.ts; LINK_MIGRATIONS upgrades envelopes.
 */

/** Bump when the envelope or the meaning of `p` changes, and add a step to LINK_MIGRATIONS. */
export const LINK_FORMAT_VERSION = 1 as const;

/**
 * LINK_MIGRATIONS[n] turns the `p` of a version-n link into the `p` of a version n+1 link.
 * Version 1 is the first format, so the table is empty; src/share/link-versions.test.ts keeps
 * one saved link per version that must keep opening to the same plan.
 */
export const LINK_MIGRATIONS: Readonly<Record<number, (p: unknown) => unknown>> = {};

/**
 * Refuse longer codes without decoding them. A real plan is a few hundred characters; even a
 * plan with every DynamoDB table and GSI filled in stays well below this. 100 KB is refused.
 */
export const MAX_CODE_CHARS = 32_768;
/** Refuse a payload that inflates beyond this (a deflate bomb would otherwise inflate ~1000×). */
export const MAX_JSON_BYTES = 512 * 1024;

/** The fragment parameter name: `#p=<code>`. */
export const LINK_PARAM = 'p';

/** Does this string (a URL, a fragment, or `p=…`) carry a plan? Cheap: used before loading the codec. */
export function hasPlanParam(s: string): boolean {
  return /(?:^|[#&?])p=/.test(s);
}

/**
 * The code from anything a user may paste: a full URL, `#p=…`, `p=…&x=…` or the bare code.
 * Only the fragment is read from a URL.
 */
export function extractCode(input: string): string {
  const hash = input.indexOf('#');
  const frag = hash >= 0 ? input.slice(hash + 1) : input;
  for (const part of frag.split('&')) if (part.startsWith('p=')) return part.slice(2);
  return hash >= 0 ? '' : frag;
}

export function bytesToBase64Url(bytes: Uint8Array): string {
  let bin = '';
  // Chunks keep String.fromCharCode's argument list short for large inputs.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** null when the text is not base64url (wrong characters or an impossible length). */
export function base64UrlToBytes(code: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(code) || code.length % 4 === 1) return null;
  const b64 = code.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (code.length % 4)) % 4);
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    return null;
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
