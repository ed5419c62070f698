/**
 * Schema of public/prices/lambda.json: dated Lambda prices per region for the stream consumers
 * (issue 18). Data from outside the code, parsed before the engine sees it, like the DynamoDB
 * prices (./prices-schema.ts). Free-tier requests and GB-seconds are per account, not deducted.
 */
import * as z from 'zod/mini';
import { AWS_REGION, ISO_DATE, parsePriceFile } from './prices-schema';

const price = z.number().check(z.minimum(0), z.maximum(1000));

export const lambdaRegionPricesSchema = z.object({
  label: z.string().check(z.maxLength(100)),
  /** USD per million invocations (x86 and Arm alike). */
  requestsPerMillion: price,
  /** USD per GB-second of duration, first tier, by architecture. */
  gbSecond: z.object({ x86_64: price, arm64: price }),
});

export const lambdaPricesSchema = z.object({
  schemaVersion: z.literal(1),
  asOf: ISO_DATE,
  currency: z.literal('USD'),
  source: z.string().check(z.maxLength(1000)),
  confidence: z.enum(['primary', 'secondary']),
  regions: z.record(AWS_REGION, lambdaRegionPricesSchema),
});

export type LambdaPrices = z.infer<typeof lambdaPricesSchema>;
export type LambdaRegionPrices = z.infer<typeof lambdaRegionPricesSchema>;

/** Parse untrusted price data; never throws. */
export function parseLambdaPrices(raw: unknown): { ok: true; prices: LambdaPrices } | { ok: false; message: string } {
  return parsePriceFile(lambdaPricesSchema, raw, 'Lambda');
}
