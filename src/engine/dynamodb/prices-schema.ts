/**
 * Schema of public/prices/dynamodb.json: dated DynamoDB prices per region. The file is data from
 * outside the code, so the UI (TanStack Query) and the CLI both parse it with this schema before
 * the engine sees it. Prices are an INPUT of the engine, never constants in it.
 */
import { z } from 'zod';

const price = z.number().min(0).max(1000);

export const dynamoRegionPricesSchema = z.object({
  label: z.string().max(100),
  /** On-demand, USD per million read request units (RRU). */
  onDemandReadPerMillion: price,
  /** On-demand, USD per million write request units (WRU). */
  onDemandWritePerMillion: price,
  /** Provisioned, USD per RCU-hour. */
  provisionedRcuHour: price,
  /** Provisioned, USD per WCU-hour. */
  provisionedWcuHour: price,
  /** Standard table class storage, USD per GB-month. */
  storageGBMonth: price,
  /** Storage free each month per account (the free tier: 25 GB). */
  storageFreeGB: z.number().min(0).max(1_000_000),
});

export const dynamoPricesSchema = z.object({
  schemaVersion: z.literal(1),
  /** ISO date the prices are valid from. */
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date YYYY-MM-DD'),
  currency: z.literal('USD'),
  /** AWS bills provisioned capacity per hour; a month is 730 hours on the pricing pages. */
  hoursPerMonth: z.number().min(672).max(744),
  source: z.string().max(1000),
  confidence: z.enum(['primary', 'secondary']),
  regions: z.record(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region code such as us-east-1'), dynamoRegionPricesSchema),
});

export type DynamoPrices = z.infer<typeof dynamoPricesSchema>;
export type DynamoRegionPrices = z.infer<typeof dynamoRegionPricesSchema>;

/** Parse an untrusted price file with its schema; never throws. The message names the file and the field. */
export function parsePriceFile<T>(schema: z.ZodType<T>, raw: unknown, what: string): { ok: true; prices: T } | { ok: false; message: string } {
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, prices: r.data };
  const issue = r.error.issues[0];
  return { ok: false, message: `invalid ${what} price file: ${issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'unknown problem'}` };
}

/** Parse untrusted price data; never throws. */
export function parseDynamoPrices(raw: unknown): { ok: true; prices: DynamoPrices } | { ok: false; message: string } {
  return parsePriceFile(dynamoPricesSchema, raw, 'DynamoDB');
}
