/**
 * Setting names gunicorn applies from a gunicorn.conf.py, per version (`gunicorn.config.KNOWN_SETTINGS`).
 *
 * Gunicorn executes the file and silently IGNORES module-level names that are not settings
 * (DOMAIN.md A.4), so `--check-config` cannot catch a misspelled name: the exporter checks every
 * name it writes against these lists instead.
 *
 * Sources: 23.0.0 and 26.1.0 from DOMAIN.md A.4 (read from gunicorn/config.py). 20.1 is Debian 12's
 * package `gunicorn 20.1.0-6`, read from the installed module
 * (`python3 -c "from gunicorn.config import KNOWN_SETTINGS"`): the 23.0 names minus logconfig_json,
 * ssl_context, permit_obsolete_folding, permit_unconventional_http_method,
 * permit_unconventional_http_version, casefold_http_method, forwarder_headers and header_map (added
 * later), plus tolerate_dangerous_framing (a Debian security backport, later replaced upstream).
 */
import type { GunicornVersion } from '../plan/schema';

const GUNICORN_23_0 = [
  'config', 'wsgi_app', 'bind', 'backlog', 'workers', 'worker_class', 'threads', 'worker_connections', 'max_requests',
  'max_requests_jitter', 'timeout', 'graceful_timeout', 'keepalive', 'limit_request_line', 'limit_request_fields',
  'limit_request_field_size', 'reload', 'reload_engine', 'reload_extra_files', 'spew', 'check_config', 'print_config',
  'preload_app', 'sendfile', 'reuse_port', 'chdir', 'daemon', 'raw_env', 'pidfile', 'worker_tmp_dir', 'user', 'group',
  'umask', 'initgroups', 'tmp_upload_dir', 'secure_scheme_headers', 'forwarded_allow_ips', 'accesslog',
  'disable_redirect_access_to_syslog', 'access_log_format', 'errorlog', 'loglevel', 'capture_output', 'logger_class',
  'logconfig', 'logconfig_dict', 'logconfig_json', 'syslog_addr', 'syslog', 'syslog_prefix', 'syslog_facility',
  'enable_stdio_inheritance', 'statsd_host', 'dogstatsd_tags', 'statsd_prefix', 'proc_name', 'default_proc_name',
  'pythonpath', 'paste', 'on_starting', 'on_reload', 'when_ready', 'pre_fork', 'post_fork', 'post_worker_init',
  'worker_int', 'worker_abort', 'pre_exec', 'pre_request', 'post_request', 'child_exit', 'worker_exit',
  'nworkers_changed', 'on_exit', 'ssl_context', 'proxy_protocol', 'proxy_allow_ips', 'keyfile', 'certfile',
  'ssl_version', 'cert_reqs', 'ca_certs', 'suppress_ragged_eofs', 'do_handshake_on_connect', 'ciphers',
  'raw_paste_global_conf', 'permit_obsolete_folding', 'strip_header_spaces', 'permit_unconventional_http_method',
  'permit_unconventional_http_version', 'casefold_http_method', 'forwarder_headers', 'header_map',
] as const;

const ADDED_AFTER_20_1 = new Set<string>([
  'logconfig_json', 'ssl_context', 'permit_obsolete_folding', 'permit_unconventional_http_method',
  'permit_unconventional_http_version', 'casefold_http_method', 'forwarder_headers', 'header_map',
]);

const GUNICORN_20_1 = [...GUNICORN_23_0.filter((n) => !ADDED_AFTER_20_1.has(n)), 'tolerate_dangerous_framing'];

const ADDED_BY_26_1 = [
  'enable_backlog_metric', 'protocol', 'uwsgi_allow_ips', 'http_protocols', 'http2_cleartext',
  'http2_max_concurrent_streams', 'http2_initial_window_size', 'http2_max_frame_size', 'http2_max_header_list_size',
  'asgi_loop', 'asgi_lifespan', 'asgi_disconnect_grace_period', 'http_parser', 'root_path', 'dirty_apps',
  'dirty_workers', 'dirty_timeout', 'dirty_threads', 'dirty_graceful_timeout', 'on_dirty_starting',
  'dirty_post_fork', 'dirty_worker_init', 'dirty_worker_exit', 'control_socket', 'control_socket_mode',
  'control_socket_disable',
] as const;

export const KNOWN_SETTINGS: Record<GunicornVersion, ReadonlySet<string>> = {
  '20.1': new Set(GUNICORN_20_1),
  '23.0': new Set(GUNICORN_23_0),
  '26.1': new Set([...GUNICORN_23_0, ...ADDED_BY_26_1]),
};

/** Worker classes each version ships (`gunicorn.workers.SUPPORTED_WORKERS`, DOMAIN.md A.2). */
export const NATIVE_ASGI_WORKER: Record<GunicornVersion, boolean> = {
  '20.1': false,
  '23.0': false,
  '26.1': true,
};
