/**
 * DynamoDB inputs of the plan (issue 3): one or more tables, their traffic, item sizes, read and
 * operation mix, GSIs, storage, key distribution and capacity mode.
 *
 * Limits name the DynamoDB rule they come from (DOMAIN.md section D) so a rejected value tells the
 * user why. Shares are 0–1 fractions (the UI shows them as %). Rates are the PEAK of the daily
 * traffic, like the web tier's planned load; the average is peak / peakToAverage.
 */
import * as z from 'zod/mini';
import { ruleIssue } from './rules';

const d = <T extends z.ZodMiniType>(schema: T, value: z.output<T>) => z._default(schema, value as never);

/** Regions we hold dated prices for (public/prices/dynamodb.json). Add one only with its prices. */
export const DYNAMO_REGIONS = z.enum(['us-east-1']);
export const DYNAMO_SOURCES = z.enum(['direct', 'per-request']);
export const DYNAMO_CAPACITY_MODES = z.enum(['provisioned', 'on-demand']);
/** What a GSI copies from the item (DOMAIN.md G.7, API_Projection): sized and exported the same. */
export const GSI_PROJECTIONS = z.enum(['ALL', 'KEYS_ONLY', 'INCLUDE']);
/** DOMAIN.md G.7: INCLUDE lists at most 20 non-key attributes per index and 100 across all indexes of a table. */
export const MAX_INCLUDED_ATTRIBUTES = 20;
export const MAX_INCLUDED_ATTRIBUTES_PER_TABLE = 100;

/** DOMAIN.md D.1: maximum item size 400 KB, binary. */
export const MAX_ITEM_BYTES = 400 * 1024;
/** DOMAIN.md D.2: auto scaling target utilisation must be 20–90%. */
export const TARGET_PCT_MIN = 20;
export const TARGET_PCT_MAX = 90;
/** DOMAIN.md D.2: minimum provisioned capacity of any table or GSI. */
export const MIN_CAPACITY_UNITS = 1;
/** BatchGetItem reads at most 100 items per call (DOMAIN.md D.1). */
export const BATCH_GET_MAX_ITEMS = 100;
/** AWS default quota of GSIs per table. */
export const MAX_GSIS_PER_TABLE = 20;
export const MAX_TABLES = 10;
/** Shares that must sum to 1 may be off by rounding in the UI (e.g. 33.3% × 3). */
export const SHARE_SUM_TOLERANCE = 1e-6;

/** DynamoDB table and index names: 3–255 characters of A–Z a–z 0–9 _ - . */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const NAME_MESSAGE = 'a DynamoDB name: 3–255 characters, letters, digits, _ - and . only';

const share = (what: string) => z.number().check(z.minimum(0, `${what} must be at least 0%`), z.maximum(1, `${what} must be at most 100%`));

const rate = (what: string) =>
  z.number().check(z.minimum(0, `${what} cannot be negative`), z.maximum(10_000_000, `${what} must be at most 10,000,000/s`));

const itemBytes = (what: string) =>
  z
    .int(`${what} must be a whole number of bytes`)
    .check(
      z.minimum(1, `${what} must be at least 1 byte`),
      z.maximum(MAX_ITEM_BYTES, `${what} must be at most 409,600 bytes: DynamoDB's 400 KB item size limit (DOMAIN.md D.1)`),
    );

const capacity = (what: string) =>
  z
    .int(`${what} must be a whole number of units`)
    .check(
      z.minimum(MIN_CAPACITY_UNITS, `${what} must be at least 1: DynamoDB's minimum for a table or GSI (DOMAIN.md D.2)`),
      z.maximum(1_000_000, `${what} must be at most 1,000,000`),
    );

const targetPct = (what: string) =>
  z
    .number()
    .check(
      z.minimum(TARGET_PCT_MIN, `${what} must be 20–90%: the auto scaling target utilisation range (DOMAIN.md D.2)`),
      z.maximum(TARGET_PCT_MAX, `${what} must be 20–90%: the auto scaling target utilisation range (DOMAIN.md D.2)`),
    );
const num = (min: number, max: number, minMsg: string, maxMsg: string) => z.number().check(z.minimum(min, minMsg), z.maximum(max, maxMsg));
const int = (min: number, max: number, intMsg: string, minMsg: string, maxMsg: string) => z.int(intMsg).check(z.minimum(min, minMsg), z.maximum(max, maxMsg));
const name = (dflt: string) => d(z.string().check(z.regex(TABLE_NAME, NAME_MESSAGE)), dflt);

/** At most this many sizes in one operation's size distribution (a UI list, not a histogram). */
export const MAX_SIZE_MIX_ENTRIES = 10;
export const SIZE_MIX_OPS = ['get', 'batchGet', 'query', 'scan', 'write'] as const;
export type SizeMixOp = (typeof SIZE_MIX_OPS)[number];

/** Defaults make a new row (and a generic schema walker) start from a valid 1 KB × 100% entry. */
const sizeShareSchema = z.object({ bytes: d(itemBytes('Size-mix item size'), 1024), share: d(share('Size-mix share'), 1) });
const sizeMix = (what: string) =>
  d(z.array(sizeShareSchema).check(z.maxLength(MAX_SIZE_MIX_ENTRIES, `${what}: at most 10 sizes in one size mix`)), []);

/**
 * Item sizes as a distribution per operation (issue 13 item 7): a list of size × share, summing to
 * 100%. Empty = every item has the table's item size (reads) or write item size (writes). DynamoDB
 * rounds each item of a GetItem / BatchGetItem / write on its own, so a mix of 1.5 KB and 6.5 KB
 * items costs 1 and 2 RCU per item, where their 4 KB mean would cost 1 (DOMAIN.md D.1).
 */
export const itemSizeMixSchema = z.prefault(
  z.object({
    get: sizeMix('GetItem sizes'),
    batchGet: sizeMix('BatchGetItem sizes'),
    query: sizeMix('Query sizes'),
    scan: sizeMix('Scan sizes'),
    write: sizeMix('Write sizes'),
  }),
  {},
);

export const gsiSchema = z
  .object({
    name: name('gsi1'),
    /**
     * ALL copies the whole item, so index writes and storage are sized from the item sizes and the
     * entry size below is not used; KEYS_ONLY and INCLUDE are sized from the entry size.
     */
    projection: d(GSI_PROJECTIONS, 'INCLUDE'),
    /** INCLUDE: how many non-key attributes the index copies (the export writes placeholder names). */
    includedAttributes: d(
      int(1, MAX_INCLUDED_ATTRIBUTES, 'Included attributes must be a whole number', 'Included attributes must be at least 1', 'Included attributes must be at most 20 per index: the NonKeyAttributes limit (DOMAIN.md G.7)'),
      2,
    ),
    /** Index entry: base keys + index keys + projected attributes (DOMAIN.md D.1; +100 B overhead is storage only). */
    projectedEntryBytes: d(itemBytes('Projected entry size'), 512),
    /**
     * Share of the table's Query calls that query this index instead of the table. They are sized
     * on the index entries (eventually consistent only) and consume the index's read capacity.
     */
    queryShare: d(share('Index query share'), 0),
    /** Share of ALL writes that change this index's key: 2 index writes (delete + put). */
    keyChangeShare: d(share('Key-change share'), 0.1),
    /** Share of ALL writes that touch this index at all (1 or 2 index writes). */
    writeShare: d(share('Index write share'), 1),
  })
  .check(z.superRefine((g, ctx) => {
    if (g.keyChangeShare > g.writeShare + SHARE_SUM_TOLERANCE) {
      ctx.addIssue({
        code: 'custom',
        path: ['keyChangeShare'],
        message: 'Key-change share cannot exceed the index write share: a write that changes the index key also touches the index',
      });
    }
  }));

export const autoscalingSchema = z.prefault(
  z
  .object({
    minRcu: d(capacity('Minimum RCU'), 5),
    maxRcu: d(capacity('Maximum RCU'), 4000),
    minWcu: d(capacity('Minimum WCU'), 5),
    maxWcu: d(capacity('Maximum WCU'), 4000),
    /** AWS's usual advice: 70% for reads, 50% for writes (writes cost 5× more to throttle-retry). */
    readTargetPct: d(targetPct('Read target'), 70),
    writeTargetPct: d(targetPct('Write target'), 50),
  })
  .check(z.superRefine((a, ctx) => {
    if (a.minRcu > a.maxRcu) ctx.addIssue({ code: 'custom', path: ['maxRcu'], message: `Maximum RCU must be ≥ minimum RCU (${a.minRcu})` });
    if (a.minWcu > a.maxWcu) ctx.addIssue({ code: 'custom', path: ['maxWcu'], message: `Maximum WCU must be ≥ minimum WCU (${a.minWcu})` });
  })),
  {},
);

// ── Streams and Lambda consumers (issue 18; limits from DOMAIN.md I.1, I.2) ─────────────────

export const STREAM_VIEW_TYPES = z.enum(['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES']);
export const LAMBDA_ARCHITECTURES = z.enum(['x86_64', 'arm64']);
export const ON_FAILURE_DESTINATIONS = z.enum(['none', 'sqs', 'sns']);
/** DOMAIN.md I.2: BatchSize 1–10,000 (Lambda docs; the CDK says 1,000). */
export const MAX_STREAM_BATCH_SIZE = 10_000;
/** DOMAIN.md I.2: MaximumBatchingWindowInSeconds 0–300. */
export const MAX_BATCHING_WINDOW_S = 300;
/** DOMAIN.md I.2: ParallelizationFactor 1–10 concurrent batches per shard. */
export const MAX_PARALLELIZATION = 10;
/** Lambda's maximum timeout, 15 minutes: one batch cannot run longer [S: Lambda quotas]. */
export const MAX_BATCH_DURATION_MS = 900_000;


export const streamConsumerSchema = z.prefault(
  z.object({
    batchSize: d(int(1, MAX_STREAM_BATCH_SIZE, 'Batch size must be a whole number of records', 'Batch size must be at least 1', 'Batch size must be at most 10,000: the event source mapping limit (DOMAIN.md I.2)'), 100),
    batchingWindowS: d(num(0, MAX_BATCHING_WINDOW_S, 'Batching window cannot be negative', 'Batching window must be at most 300 s: MaximumBatchingWindowInSeconds (DOMAIN.md I.2)'), 0),
    parallelizationFactor: d(
      int(1, MAX_PARALLELIZATION, 'Parallelization factor must be a whole number', 'Parallelization factor must be at least 1', 'Parallelization factor must be at most 10 concurrent batches per shard (DOMAIN.md I.2)'),
      1,
    ),
    /** Duration of one invocation = fixed + per record × records (ms). */
    fixedMsPerBatch: d(num(0, MAX_BATCH_DURATION_MS, 'Fixed time per batch cannot be negative', 'Fixed time per batch must be at most 900,000 ms: the 15-minute Lambda timeout'), 50),
    perRecordMs: d(num(0, 60_000, 'Time per record cannot be negative', 'Time per record must be at most 60,000 ms'), 2),
    memoryMB: d(int(128, 10_240, 'Memory must be a whole number of MB', 'Memory must be at least 128 MB: the Lambda minimum', 'Memory must be at most 10,240 MB: the Lambda maximum'), 512),
    architecture: d(LAMBDA_ARCHITECTURES, 'arm64'),
    /** -1 = retry until the record expires (the AWS default, DOMAIN.md I.2). */
    maximumRetryAttempts: d(int(-1, 10_000, 'Retry attempts must be a whole number', 'Retry attempts must be -1 (until the record expires) or more', 'Retry attempts must be at most 10,000 (DOMAIN.md I.2)'), 2),
    /** -1 = no limit; else 60–604,800 s (DOMAIN.md I.2); above 86,400 has no effect (24 h retention). */
    maximumRecordAgeS: d(int(-1, 604_800, 'Maximum record age must be a whole number of seconds', 'Maximum record age must be -1 (no limit) or 60–604,800 s', 'Maximum record age must be at most 604,800 s (DOMAIN.md I.2)'), -1),
    bisectOnError: d(z.boolean(), true),
    reportBatchItemFailures: d(z.boolean(), true),
    onFailure: d(ON_FAILURE_DESTINATIONS, 'sqs'),
  }).check(z.superRefine((c, ctx) => {
    if (c.maximumRecordAgeS !== -1 && c.maximumRecordAgeS < 60) {
      ctx.addIssue({ code: 'custom', path: ['maximumRecordAgeS'], message: 'Maximum record age must be -1 (no limit) or 60–604,800 s (DOMAIN.md I.2)' });
    }
    if (c.fixedMsPerBatch + c.perRecordMs * c.batchSize > MAX_BATCH_DURATION_MS) {
      ctx.addIssue({ code: 'custom', path: ['perRecordMs'], message: 'A full batch (fixed + per record × batch size) must finish within 900,000 ms: the 15-minute Lambda timeout' });
    }
  })),
  {},
);

export const streamSchema = z.prefault(
  z.object({
    enabled: d(z.boolean(), false),
    viewType: d(STREAM_VIEW_TYPES, 'NEW_AND_OLD_IMAGES'),
    consumer: streamConsumerSchema,
  }),
  {},
);

export const dynamoTableSchema = z
  .object({
    name: name('app-table'),
    /** 'direct': reads/s and writes/s as entered; 'per-request': web tier dynamic rps × per-request counts. */
    source: d(DYNAMO_SOURCES, 'per-request'),
    /** Read API calls per second at peak (GetItem, BatchGetItem, Query, Scan by the mix below). */
    readsPerSec: d(rate('Reads/s'), 100),
    /** Item writes per second at peak (PutItem / UpdateItem / DeleteItem, one item each). */
    writesPerSec: d(rate('Writes/s'), 20),
    readsPerRequest: d(num(0, 10_000, 'Reads per request cannot be negative', 'Reads per request must be at most 10,000'), 2),
    writesPerRequest: d(num(0, 10_000, 'Writes per request cannot be negative', 'Writes per request must be at most 10,000'), 0.5),
    /** Size of an item read. For UpdateItem the write size is the larger of before and after (D.1). */
    itemSizeBytes: d(itemBytes('Item size'), 2048),
    writeItemSizeBytes: d(itemBytes('Write item size'), 1024),
    itemSizeMix: itemSizeMixSchema,
    /** Read consistency mix; must sum to 100%. Eventual costs ½, transactional 2× (D.1). */
    eventualShare: d(share('Eventual share'), 0.8),
    strongShare: d(share('Strong share'), 0.2),
    transactionalShare: d(share('Transactional share'), 0),
    /** Share of writes made inside TransactWriteItems (2× WCU, D.1). */
    transactionalWriteShare: d(share('Transactional write share'), 0),
    /** Operation mix of read calls; must sum to 100%. */
    getShare: d(share('GetItem share'), 0.7),
    batchGetShare: d(share('BatchGetItem share'), 0),
    itemsPerBatchGet: d(
      int(1, BATCH_GET_MAX_ITEMS, 'Items per BatchGetItem must be a whole number', 'Items per BatchGetItem must be at least 1', 'Items per BatchGetItem must be at most 100: the BatchGetItem limit (DOMAIN.md D.1)'),
      10,
    ),
    queryShare: d(share('Query share'), 0.3),
    itemsPerQuery: d(int(0, 1_000_000, 'Items per query must be a whole number', 'Items per query cannot be negative', 'Items per query must be at most 1,000,000'), 10),
    /** Scans read every evaluated item; flagged when non-zero. */
    scanShare: d(share('Scan share'), 0),
    itemsPerScan: d(int(0, 100_000_000, 'Items evaluated per scan must be a whole number', 'Items evaluated per scan cannot be negative', 'Items evaluated per scan must be at most 100,000,000'), 1000),
    gsis: d(z.array(gsiSchema).check(z.maxLength(MAX_GSIS_PER_TABLE, 'At most 20 GSIs per table: the default DynamoDB quota')), []),
    storageGB: d(num(0, 1_000_000, 'Storage cannot be negative', 'Storage must be at most 1,000,000 GB'), 10),
    growthGBPerMonth: d(num(0, 100_000, 'Growth cannot be negative', 'Growth must be at most 100,000 GB/month'), 1),
    distinctPartitionKeys: d(int(1, 1e12, 'Distinct partition keys must be a whole number', 'Distinct partition keys must be at least 1', 'Distinct partition keys must be at most 10^12'), 10_000),
    /** Share of traffic on the single hottest partition-key value. */
    hottestKeyShare: d(share('Hottest-key share'), 0.01),
    capacityMode: d(DYNAMO_CAPACITY_MODES, 'provisioned'),
    autoscaling: autoscalingSchema,
    /** Daily peak / daily average of the traffic (1 = flat). */
    peakToAverage: d(num(1, 100, 'Peak-to-average must be at least 1 (the peak cannot be below the average)', 'Peak-to-average must be at most 100'), 2),
    /** DynamoDB Streams with a Lambda consumer (issue 18). Off by default. */
    stream: streamSchema,
  })
  .check(z.superRefine((t, ctx) => {
    const consistency = t.eventualShare + t.strongShare + t.transactionalShare;
    if (Math.abs(consistency - 1) > SHARE_SUM_TOLERANCE) {
      ctx.addIssue(ruleIssue(
        ['strongShare'],
        `Eventual + strong + transactional shares must add up to 100% (now ${Math.round(consistency * 1000) / 10}%)`,
        [['eventualShare'], ['strongShare'], ['transactionalShare']],
      ));
    }
    const ops = t.getShare + t.batchGetShare + t.queryShare + t.scanShare;
    if (Math.abs(ops - 1) > SHARE_SUM_TOLERANCE) {
      ctx.addIssue(ruleIssue(
        ['queryShare'],
        `GetItem + BatchGetItem + Query + Scan shares must add up to 100% (now ${Math.round(ops * 1000) / 10}%)`,
        [['getShare'], ['batchGetShare'], ['queryShare'], ['scanShare']],
      ));
    }
    for (const op of SIZE_MIX_OPS) {
      const mix = t.itemSizeMix[op];
      const total = mix.reduce((n, x) => n + x.share, 0);
      if (mix.length > 0 && Math.abs(total - 1) > SHARE_SUM_TOLERANCE) {
        ctx.addIssue(ruleIssue(['itemSizeMix', op], `The ${op} size mix shares must add up to 100% (now ${Math.round(total * 1000) / 10}%)`, [[op]]));
      }
    }
    const indexQueries = t.gsis.reduce((n, g) => n + g.queryShare, 0);
    if (indexQueries > 1 + SHARE_SUM_TOLERANCE) {
      ctx.addIssue(ruleIssue(
        ['gsis'],
        `Index query shares must add up to at most 100% of the table's Query calls (now ${Math.round(indexQueries * 1000) / 10}%)`,
        // Relative to the table: each index's query share (default 0), not the indexes themselves.
        t.gsis.map((_, i) => ['gsis', i, 'queryShare']),
      ));
    }
    const included = t.gsis.reduce((n, g) => n + (g.projection === 'INCLUDE' ? g.includedAttributes : 0), 0);
    if (included > MAX_INCLUDED_ATTRIBUTES_PER_TABLE) {
      ctx.addIssue({
        code: 'custom',
        path: ['gsis'],
        message: `Included attributes of all INCLUDE indexes must be at most 100 per table: the NonKeyAttributes limit (DOMAIN.md G.7); now ${included}`,
      });
    }
    const seen = new Set<string>();
    t.gsis.forEach((g, i) => {
      if (seen.has(g.name)) ctx.addIssue({ code: 'custom', path: ['gsis', i, 'name'], message: `Index name "${g.name}" is used twice` });
      seen.add(g.name);
    });
  }));

export const defaultDynamoTable = (): DynamoTable => dynamoTableSchema.parse({});

export const dynamodbSchema = z.prefault(
  z
  .object({
    enabled: d(z.boolean(), true),
    region: d(DYNAMO_REGIONS, 'us-east-1'),
    /** Lambda concurrent executions the account allows in the region (AWS default 1,000 [S]); stream consumers share it. */
    lambdaAccountConcurrency: d(int(1, 1_000_000, 'Account concurrency must be a whole number', 'Account concurrency must be at least 1', 'Account concurrency must be at most 1,000,000'), 1000),
    tables: z._default(
      z.array(dynamoTableSchema).check(z.minLength(1, 'At least one table'), z.maxLength(MAX_TABLES, 'At most 10 tables')),
      () => [defaultDynamoTable()],
    ),
  })
  .check(z.superRefine((ddb, ctx) => {
    const seen = new Set<string>();
    ddb.tables.forEach((t, i) => {
      if (seen.has(t.name)) ctx.addIssue({ code: 'custom', path: ['tables', i, 'name'], message: `Table name "${t.name}" is used twice` });
      seen.add(t.name);
    });
  })),
  {},
);

export type DynamoPlan = z.infer<typeof dynamodbSchema>;
export type DynamoPlanInput = z.input<typeof dynamodbSchema>;
export type DynamoTable = z.infer<typeof dynamoTableSchema>;
export type DynamoTableInput = z.input<typeof dynamoTableSchema>;
export type DynamoGsi = z.infer<typeof gsiSchema>;
export type ItemSizeMix = z.infer<typeof itemSizeMixSchema>;
export type DynamoStream = z.infer<typeof streamSchema>;
export type StreamConsumer = z.infer<typeof streamConsumerSchema>;
export type StreamViewType = z.infer<typeof STREAM_VIEW_TYPES>;
export type LambdaArchitecture = z.infer<typeof LAMBDA_ARCHITECTURES>;
export type DynamoAutoscaling = z.infer<typeof autoscalingSchema>;
export type DynamoRegion = z.infer<typeof DYNAMO_REGIONS>;
export type DynamoSource = z.infer<typeof DYNAMO_SOURCES>;
export type DynamoCapacityMode = z.infer<typeof DYNAMO_CAPACITY_MODES>;
export type GsiProjection = z.infer<typeof GSI_PROJECTIONS>;

export const defaultDynamoPlan = (): DynamoPlan => dynamodbSchema.parse(undefined);
