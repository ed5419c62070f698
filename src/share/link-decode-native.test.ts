/** The browser's decoder (native DecompressionStream) agrees with the synchronous one on good and bad links. */
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FIXTURE_NAMES, fixture } from '../plan/fixtures';
import { decodeLink, decodeLinkNative, encodePlan } from './link-codec';
import { base64UrlToBytes, bytesToBase64Url } from './link-format';

describe('decodeLinkNative', () => {
  it.each(FIXTURE_NAMES)('fixture %s round-trips', async (name) => {
    const r = await decodeLinkNative(`#p=${encodePlan(fixture(name))}`);
    expect(r).toEqual({ ok: true, plan: fixture(name), problems: [] });
  });

  it('a deflate bomb is cut off, not inflated', async () => {
    const bomb = `#p=${bytesToBase64Url(deflateSync(new TextEncoder().encode(`{"v":1,"p":{"name":"${'a'.repeat(5_000_000)}"}}`)))}`;
    expect((await decodeLinkNative(bomb)).problems[0]?.message).toMatch(/too large/);
  });

  it('300 bit-flipped and truncated links: same result as the synchronous decoder', async () => {
    const code = encodePlan(fixture('phpShop'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), fc.nat(), async (flips, cut) => {
        const bytes = base64UrlToBytes(code) as Uint8Array;
        for (const f of flips) bytes[(f >> 3) % bytes.length]! ^= 1 << (f & 7);
        const link = `#p=${bytesToBase64Url(bytes).slice(0, code.length - (cut % 8))}`;
        const native = await decodeLinkNative(link);
        const sync = decodeLink(link);
        expect(native.plan).toEqual(sync.plan);
        // Both report a problem, or neither does (the wording of a decompression error may differ).
        expect(native.problems.length > 0).toBe(sync.problems.length > 0);
      }),
      { numRuns: 300 },
    );
  });
});
