"""Minimal WSGI app: the framework-overhead measurement (no app work at all)."""


def application(environ, start_response):
    body = b"ok\n"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "3")])
    return [body]
