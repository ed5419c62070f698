/**
 * Schema of public/prices/lambda.json: dated Lambda prices per region for the stream consumers
 * (issue 18). Data from outside the code, parsed before the engine sees it, like the DynamoDB
 * prices (./prices-schema.ts). Free-tier requests and GB-seconds are per account, not deducted.
 */
import { z } from 'zod';
import { parsePriceFile } from './prices-schema';

const price = z.number().min(0).max(1000);

export const lambdaRegionPricesSchema = z.object({
  label: z.string().max(100),
  /** USD per million invocations (x86 and Arm alike). */
  requestsPerMillion: price,
  /** USD per GB-second of duration, first tier, by architecture. */
  gbSecond: z.object({ x86_64: price, arm64: price }),
});

export const lambdaPricesSchema = z.object({
  schemaVersion: z.literal(1),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date YYYY-MM-DD'),
  currency: z.literal('USD'),
  source: z.string().max(1000),
  confidence: z.enum(['primary', 'secondary']),
  regions: z.record(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region code such as us-east-1'), lambdaRegionPricesSchema),
});

export type LambdaPrices = z.infer<typeof lambdaPricesSchema>;
export type LambdaRegionPrices = z.infer<typeof lambdaRegionPricesSchema>;

/** Parse untrusted price data; never throws. */
export function parseLambdaPrices(raw: unknown): { ok: true; prices: LambdaPrices } | { ok: false; message: string } {
  return parsePriceFile(lambdaPricesSchema, raw, 'Lambda');
}
