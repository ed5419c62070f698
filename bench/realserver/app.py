"""Synthetic WSGI app for calibration sweeps (issue 13 item 6, issue 14).

Each request burns `cpu` ms of CPU on the serving thread, then sleeps `io` ms (an I/O wait; under
the gevent worker `time.sleep` is monkey-patched and yields). Query string `?cpu=5&io=10` wins over
the environment (APP_CPU_MS, APP_IO_MS). The busy loop reads the thread's own CPU clock, so it
burns exactly `cpu` ms of CPU whatever the preemption or GIL waits: it is calibrated by
construction, not by a loop count tuned on one machine.
"""
import os
import time
from urllib.parse import parse_qs

DEFAULT_CPU_MS = float(os.environ.get("APP_CPU_MS", "0"))
DEFAULT_IO_MS = float(os.environ.get("APP_IO_MS", "0"))


def burn_cpu_ms(ms):
    if ms <= 0:
        return
    end = time.thread_time() + ms / 1000.0
    while time.thread_time() < end:
        pass


def application(environ, start_response):
    qs = parse_qs(environ.get("QUERY_STRING", ""))
    cpu_ms = float(qs.get("cpu", [DEFAULT_CPU_MS])[0])
    io_ms = float(qs.get("io", [DEFAULT_IO_MS])[0])
    burn_cpu_ms(cpu_ms)
    if io_ms > 0:
        time.sleep(io_ms / 1000.0)
    body = b"ok\n"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
