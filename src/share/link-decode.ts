/**
 * Synchronous share-link decoding (fflate's inflate), for the CLI and tests. See ./link-decode-core.ts.
 */
import { inflateSync } from 'fflate';
import { decodeInflated, linkBytes, type DecodedLink, type Inflated } from './link-decode-core';
import { MAX_JSON_BYTES } from './link-format';

export type { DecodedLink } from './link-decode-core';

export function inflateCapped(bytes: Uint8Array): Inflated {
  try {
    // A fixed output buffer one byte past the limit: fflate does not grow it, so a deflate bomb
    // costs at most MAX_JSON_BYTES of memory and is then refused.
    const out = inflateSync(bytes, { out: new Uint8Array(MAX_JSON_BYTES + 1) });
    return out.length > MAX_JSON_BYTES ? 'too-large' : out;
  } catch {
    return 'damaged';
  }
}

/** Decode a URL, a `#p=…` fragment, `p=…` or a bare code. Never throws. */
export function decodeLink(input: string): DecodedLink {
  const bytes = linkBytes(input);
  return bytes instanceof Uint8Array ? decodeInflated(inflateCapped(bytes)) : bytes;
}
