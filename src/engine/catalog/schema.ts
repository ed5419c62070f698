/**
 * Schema of public/catalog/hardware.json: the dated hardware catalog (dedicated servers from the
 * reference list, cloud instances with on-demand prices). The file is data from outside the code,
 * so it is parsed here before the engine sees it — entry by entry: a bad entry is dropped and
 * reported, the rest stay usable (STYLE.md habit 7).
 *
 * zod/mini, like the plan schema, so the browser loads one zod flavour (issue 16); the English
 * messages that classic zod installs globally are passed per parse (../zod-messages.ts).
 */
import * as z from 'zod/mini';
import { ENGLISH_MESSAGES } from '../zod-messages';

export const CATALOG_ID_RE = /^[a-z0-9][a-z0-9-]*$/;
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date YYYY-MM-DD'));
const id = z.string().check(z.maxLength(64), z.regex(CATALOG_ID_RE, 'an id of lowercase letters, digits and -'));
/** A string of at most `max` characters (classic zod's `z.string().max(max)`). */
const text = (max: number) => z.string().check(z.maxLength(max));
const range = (schema: z.ZodMiniNumber<number>, min: number, max: number) => schema.check(z.minimum(min), z.maximum(max));

export const CONFIDENCE = z.enum(['primary', 'secondary', 'unverified']);
export const SPEED_BASIS = z.enum(['benchmark', 'estimate']);

export const catalogPriceSchema = z.object({
  usd: z.number().check(z.positive('must be positive'), z.maximum(1_000_000)),
  /** Billing unit of `usd`: cloud instances bill per hour, dedicated servers per month. */
  per: z.enum(['hour', 'month']),
  region: z.nullable(text(40)),
  sourceId: id,
  asOf: isoDate,
  /** primary = read from the vendor's own page; secondary = agreeing third parties; unverified = not checked. */
  confidence: CONFIDENCE,
});

export const catalogEntrySchema = z
  .object({
    id,
    kind: z.enum(['dedicated', 'cloud']),
    label: z.string().check(z.minLength(1), z.maxLength(120)),
    cpu: text(120),
    vendor: z.enum(['intel', 'amd', 'any']),
    provider: z.optional(text(40)),
    family: z.optional(text(40)),
    category: z.optional(z.enum(['general', 'compute', 'memory'])),
    physicalCores: range(z.int(), 1, 512),
    hardwareThreads: range(z.int(), 1, 1024),
    ramGiB: range(z.number(), 0.5, 8192),
    storage: z.nullable(text(120)),
    gpu: z.optional(text(80)),
    /** The reference document's whole-CPU benchmark score; null where it gives none. */
    benchmark: z.nullable(z.number().check(z.positive())),
    /** Relative to the Core i7-8700 core (1.0), the machine the plan's CPU ms are assumed measured on. */
    perCoreSpeed: range(z.number(), 0.1, 10),
    speedBasis: SPEED_BASIS,
    /** How perCoreSpeed was obtained; for an estimate, the reasoning. */
    speedNote: z.string().check(z.minLength(1), z.maxLength(600)),
    sourceId: id,
    price: z.nullable(catalogPriceSchema),
  })
  .check(
    z.superRefine((e, ctx) => {
      if (e.hardwareThreads < e.physicalCores) {
        ctx.addIssue({ code: 'custom', path: ['hardwareThreads'], message: `must be ≥ physical cores (${e.physicalCores})` });
      }
      if (e.speedBasis === 'benchmark' && e.benchmark === null) {
        ctx.addIssue({ code: 'custom', path: ['speedBasis'], message: 'speed from a benchmark needs a benchmark figure' });
      }
    }),
  );

export const catalogSourceSchema = z.object({
  id,
  title: z.string().check(z.minLength(1), z.maxLength(1000)),
  url: z.nullable(z.url().check(z.maxLength(500))),
});

/** Everything but the entries, which are parsed one by one. */
export const catalogHeaderSchema = z.object({
  schemaVersion: z.literal(1),
  asOf: isoDate,
  currency: z.literal('USD'),
  /** A month of on-demand hours as AWS's pricing pages count it. */
  hoursPerMonth: range(z.number(), 672, 744),
  speedReference: z.object({ cpu: z.string(), benchmark: z.number().check(z.positive()), physicalCores: z.int().check(z.positive()), note: z.string() }),
  sources: z.array(catalogSourceSchema).check(z.minLength(1)),
  entries: z.array(z.unknown()).check(z.maxLength(5000)),
});

export type CatalogEntry = z.infer<typeof catalogEntrySchema>;
export type CatalogPrice = z.infer<typeof catalogPriceSchema>;
export type CatalogSource = z.infer<typeof catalogSourceSchema>;

export interface DroppedEntry {
  /** Position in the file's `entries` array. */
  index: number;
  /** The entry's id when it had a readable one. */
  id: string | null;
  reasons: string[];
}

export interface Catalog {
  asOf: string;
  currency: 'USD';
  hoursPerMonth: number;
  speedReference: z.infer<typeof catalogHeaderSchema>['speedReference'];
  sources: CatalogSource[];
  entries: CatalogEntry[];
  /** Entries that failed validation, with why; the UI lists them. */
  dropped: DroppedEntry[];
}

export type CatalogParse = { ok: true; catalog: Catalog } | { ok: false; message: string };

const issueText = (i: z.core.$ZodIssue) => `${i.path.map(String).join('.') || '(entry)'}: ${i.message}`;

/**
 * Parse untrusted catalog data; never throws. A bad header fails the whole file (nothing can be
 * trusted without its date and sources); a bad entry is dropped with its reasons. Ids must be
 * unique (the plan refers to entries by id): a repeated id drops the later entry. A price or entry
 * naming an unknown source is dropped too, since its figures could not be traced.
 */
export function parseCatalog(raw: unknown): CatalogParse {
  const head = catalogHeaderSchema.safeParse(raw, ENGLISH_MESSAGES);
  if (!head.success) {
    const issue = head.error.issues[0];
    return { ok: false, message: `invalid hardware catalog: ${issue ? issueText(issue).replace('(entry)', '(root)') : 'unknown problem'}` };
  }
  const h = head.data;
  const sourceIds = new Set(h.sources.map((s) => s.id));
  const seen = new Set<string>();
  const entries: CatalogEntry[] = [];
  const dropped: DroppedEntry[] = [];
  h.entries.forEach((rawEntry, index) => {
    const rawId = rawEntry !== null && typeof rawEntry === 'object' ? (rawEntry as Record<string, unknown>).id : undefined;
    const idText = typeof rawId === 'string' ? rawId.slice(0, 64) : null;
    const r = catalogEntrySchema.safeParse(rawEntry, ENGLISH_MESSAGES);
    if (!r.success) {
      dropped.push({ index, id: idText, reasons: r.error.issues.map(issueText) });
      return;
    }
    const e = r.data;
    const reasons: string[] = [];
    if (seen.has(e.id)) reasons.push(`id: "${e.id}" is used by an earlier entry`);
    if (!sourceIds.has(e.sourceId)) reasons.push(`sourceId: unknown source "${e.sourceId}"`);
    if (e.price && !sourceIds.has(e.price.sourceId)) reasons.push(`price.sourceId: unknown source "${e.price.sourceId}"`);
    if (reasons.length > 0) {
      dropped.push({ index, id: e.id, reasons });
      return;
    }
    seen.add(e.id);
    entries.push(e);
  });
  return {
    ok: true,
    catalog: { asOf: h.asOf, currency: h.currency, hoursPerMonth: h.hoursPerMonth, speedReference: h.speedReference, sources: h.sources, entries, dropped },
  };
}

export { monthlyUsdOf } from './price';
