/**
 * Shared types of the export bundle. Builders are pure: the caller passes the generation time
 * (and, in the browser, the share link), so the same plan and options always give the same files.
 */
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
}

export type FileFormat = 'nginx' | 'python' | 'systemd' | 'sysctl' | 'php-fpm-ini' | 'markdown' | 'yaml' | 'hcl' | 'json' | 'javascript';

export interface BundleFile {
  /** File name inside the bundle: flat, except other server kinds' app configs under `kinds/<name>/`. */
  path: string;
  format: FileFormat;
  text: string;
}
