/**
 * Share-link decoding in the browser with the native DecompressionStream('deflate-raw'): the page
 * opened with a link loads no compression library before its first paint. Same result as the
 * synchronous ./link-decode.ts (checked by link-decode-native.test.ts).
 */
import { decodeInflated, linkBytes, type DecodedLink, type Inflated } from './link-decode-core';
import { MAX_JSON_BYTES } from './link-format';

export type { DecodedLink } from './link-decode-core';

/** Inflate, stopping as soon as the output passes MAX_JSON_BYTES (a deflate bomb is not inflated). */
export async function inflateNative(bytes: Uint8Array): Promise<Inflated> {
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    const reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > MAX_JSON_BYTES) {
        await reader.cancel().catch(() => undefined);
        return 'too-large';
      }
      chunks.push(value);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  } catch {
    return 'damaged';
  }
}

/** Decode a URL, a `#p=…` fragment, `p=…` or a bare code. Never rejects. */
export async function decodeLinkNative(input: string): Promise<DecodedLink> {
  const bytes = linkBytes(input);
  if (!(bytes instanceof Uint8Array)) return bytes;
  // Browsers without 'deflate-raw' (very old ones) fall back to fflate.
  const inflated = typeof DecompressionStream === 'function' ? await inflateNative(bytes) : (await import('./link-decode')).inflateCapped(bytes);
  return decodeInflated(inflated);
}
