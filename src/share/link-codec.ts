/**
 * The share-link codec in one import, for the CLI and tests. The browser imports the halves
 * (./link-decode.ts before the first paint of a linked page, ./link-encode.ts after edits) so each
 * page loads only the half of fflate it needs.
 */
export { decodeLink, type DecodedLink } from './link-decode';
export { decodeLinkNative } from './link-decode-native';
export { encodePlan, planDiff, planFragment } from './link-encode';
export { extractCode, hasPlanParam, LINK_FORMAT_VERSION, LINK_MIGRATIONS, MAX_CODE_CHARS, MAX_JSON_BYTES } from './link-format';

import type { RestoreResult } from '../plan/restore';
import { decodeLink as decode } from './link-decode';

/** Does a command-line argument hold a share link (a URL or fragment with `#p=`) instead of a file name? */
export const isShareLinkArg = (arg: string): boolean => arg.includes('#p=');

/**
 * A share link as a RestoreResult, for the CLIs: the same contract as a plan file — any dropped
 * field is a problem (the CLIs exit 2 rather than size a different plan than the link's).
 */
export function restorePlanFromLink(link: string): RestoreResult {
  const { ok, plan, problems } = decode(link);
  return ok ? { ok, plan, problems } : { ok, problems };
}
