/**
 * Schema of public/prices/dynamodb.json: dated DynamoDB prices per region. The file is data from
 * outside the code, so the UI (TanStack Query) and the CLI both parse it with this schema before
 * the engine sees it. Prices are an INPUT of the engine, never constants in it.
 */
import * as z from 'zod/mini';
import { ENGLISH_MESSAGES } from '../zod-messages';

const price = z.number().check(z.minimum(0), z.maximum(1000));
export const ISO_DATE = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date YYYY-MM-DD'));
export const AWS_REGION = z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region code such as us-east-1'));

export const dynamoRegionPricesSchema = z.object({
  label: z.string().check(z.maxLength(100)),
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
  storageFreeGB: z.number().check(z.minimum(0), z.maximum(1_000_000)),
});

export const dynamoPricesSchema = z.object({
  schemaVersion: z.literal(1),
  /** ISO date the prices are valid from. */
  asOf: ISO_DATE,
  currency: z.literal('USD'),
  /** AWS bills provisioned capacity per hour; a month is 730 hours on the pricing pages. */
  hoursPerMonth: z.number().check(z.minimum(672), z.maximum(744)),
  source: z.string().check(z.maxLength(1000)),
  confidence: z.enum(['primary', 'secondary']),
  regions: z.record(AWS_REGION, dynamoRegionPricesSchema),
});

export type DynamoPrices = z.infer<typeof dynamoPricesSchema>;
export type DynamoRegionPrices = z.infer<typeof dynamoRegionPricesSchema>;

/** Parse an untrusted price file with its schema; never throws. The message names the file and the field. */
export function parsePriceFile<T>(schema: z.ZodMiniType<T>, raw: unknown, what: string): { ok: true; prices: T } | { ok: false; message: string } {
  const r = schema.safeParse(raw, ENGLISH_MESSAGES);
  if (r.success) return { ok: true, prices: r.data };
  const issue = r.error.issues[0];
  return { ok: false, message: `invalid ${what} price file: ${issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'unknown problem'}` };
}

/** Parse untrusted price data; never throws. */
export function parseDynamoPrices(raw: unknown): { ok: true; prices: DynamoPrices } | { ok: false; message: string } {
  return parsePriceFile(dynamoPricesSchema, raw, 'DynamoDB');
}
