/**
 * Shared types of the export bundle. Builders are pure: the caller passes the generation time
 * (and, in the browser, the share link), so the same plan and options always give the same files.
 */
import type { DynamoUnitsResult } from '../engine/dynamodb/types';

export interface ExportOptions {
  /** When the bundle is generated; written in every file's header. */
  generatedAt: Date;
  /** Link that reopens the plan (the share URL). Omitted from the files when absent or not a plain http(s) URL. */
  planUrl?: string;
  /**
   * TEST ONLY: write nginx's pid, logs and temp paths under this directory so `nginx -t` and the
   * boot test run without touching /var. Never set for the files users download.
   */
  sandboxDir?: string;
  /**
   * The DynamoDB result for this plan, when the caller already has it (prices do not matter: the
   * files use capacity units only). Without it, buildBundle sizes the tables itself.
   */
  dynamo?: DynamoUnitsResult;
}

export type FileFormat = 'nginx' | 'python' | 'systemd' | 'php-fpm-ini' | 'markdown' | 'yaml' | 'hcl' | 'json' | 'javascript';

export interface BundleFile {
  /** File name inside the bundle: flat, except other server kinds' app configs under `kinds/<name>/`. */
  path: string;
  format: FileFormat;
  text: string;
}
