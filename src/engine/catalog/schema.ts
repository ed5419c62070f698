/**
 * Schema of public/catalog/hardware.json: the dated hardware catalog (dedicated servers from the
 * reference list, cloud instances with on-demand prices). The file is data from outside the code,
 * so it is parsed here before the engine sees it — entry by entry: a bad entry is dropped and
 * reported, the rest stay usable (STYLE.md habit 7).
 *
 * Classic zod is fine here: only the lazily loaded catalog feature (and tests, bench) import this
 * module, so it never reaches the entry chunk.
 */
import { z } from 'zod';

export const CATALOG_ID_RE = /^[a-z0-9][a-z0-9-]*$/;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date YYYY-MM-DD');
const id = z.string().max(64).regex(CATALOG_ID_RE, 'an id of lowercase letters, digits and -');

export const CONFIDENCE = z.enum(['primary', 'secondary', 'unverified']);
export const SPEED_BASIS = z.enum(['benchmark', 'estimate']);

export const catalogPriceSchema = z.object({
  usd: z.number().positive('must be positive').max(1_000_000),
  /** Billing unit of `usd`: cloud instances bill per hour, dedicated servers per month. */
  per: z.enum(['hour', 'month']),
  region: z.string().max(40).nullable(),
  sourceId: id,
  asOf: isoDate,
  /** primary = read from the vendor's own page; secondary = agreeing third parties; unverified = not checked. */
  confidence: CONFIDENCE,
});

export const catalogEntrySchema = z
  .object({
    id,
    kind: z.enum(['dedicated', 'cloud']),
    label: z.string().min(1).max(120),
    cpu: z.string().max(120),
    vendor: z.enum(['intel', 'amd', 'any']),
    provider: z.string().max(40).optional(),
    family: z.string().max(40).optional(),
    category: z.enum(['general', 'compute', 'memory']).optional(),
    physicalCores: z.int().min(1).max(512),
    hardwareThreads: z.int().min(1).max(1024),
    ramGiB: z.number().min(0.5).max(8192),
    storage: z.string().max(120).nullable(),
    gpu: z.string().max(80).optional(),
    /** The reference document's whole-CPU benchmark score; null where it gives none. */
    benchmark: z.number().positive().nullable(),
    /** Relative to the Core i7-8700 core (1.0), the machine the plan's CPU ms are assumed measured on. */
    perCoreSpeed: z.number().min(0.1).max(10),
    speedBasis: SPEED_BASIS,
    /** How perCoreSpeed was obtained; for an estimate, the reasoning. */
    speedNote: z.string().min(1).max(600),
    sourceId: id,
    price: catalogPriceSchema.nullable(),
  })
  .superRefine((e, ctx) => {
    if (e.hardwareThreads < e.physicalCores) {
      ctx.addIssue({ code: 'custom', path: ['hardwareThreads'], message: `must be ≥ physical cores (${e.physicalCores})` });
    }
    if (e.speedBasis === 'benchmark' && e.benchmark === null) {
      ctx.addIssue({ code: 'custom', path: ['speedBasis'], message: 'speed from a benchmark needs a benchmark figure' });
    }
  });

export const catalogSourceSchema = z.object({
  id,
  title: z.string().min(1).max(1000),
  url: z.string().url().max(500).nullable(),
});

/** Everything but the entries, which are parsed one by one. */
export const catalogHeaderSchema = z.object({
  schemaVersion: z.literal(1),
  asOf: isoDate,
  currency: z.literal('USD'),
  /** A month of on-demand hours as AWS's pricing pages count it. */
  hoursPerMonth: z.number().min(672).max(744),
  speedReference: z.object({ cpu: z.string(), benchmark: z.number().positive(), physicalCores: z.int().positive(), note: z.string() }),
  sources: z.array(catalogSourceSchema).min(1),
  entries: z.array(z.unknown()).max(5000),
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
  const head = catalogHeaderSchema.safeParse(raw);
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
    const r = catalogEntrySchema.safeParse(rawEntry);
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
