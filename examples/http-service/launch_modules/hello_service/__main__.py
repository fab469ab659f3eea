"""Entry point for ``python -m hello_service``.

Usage::

    python -m hello_service [--host HOST] [--port N]   # serve until interrupted (Ctrl-C)
    python -m hello_service --self-test                # check the service and exit

Serving prints ``hello-service: serving on http://HOST:N/`` and runs waitress (default
``127.0.0.1:8080``) until it is interrupted or sent SIGTERM, then prints
``hello-service: stopped`` and exits with status 0. ``--self-test`` starts the server on an
ephemeral port of 127.0.0.1 in a background thread, requests ``/`` and ``/health`` with
urllib, checks the status codes and bodies, and prints exactly one line::

    hello-service: self-test OK (GET / -> 200, GET /health -> 200)

On any failure it prints ``hello-service: FAILED: <reason>`` to stderr and exits with
status 1.
"""

import argparse
import json
import signal
import sys
import threading
import urllib.request

from hello_service import GREETING, SERVICE_NAME, create_app

SELF_TEST_TIMEOUT = 10  # seconds, per request


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m hello_service", description="Serve the hello-service app.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on (default: %(default)s)")
    parser.add_argument(
        "--self-test", action="store_true", help="serve on an ephemeral port, request / and /health, and exit"
    )
    return parser.parse_args(argv)


def serve(host, port):
    """Serve until interrupted; return the exit status."""
    import waitress

    def stop(signum, frame):
        raise KeyboardInterrupt

    server = waitress.create_server(create_app(), host=host, port=port)
    signal.signal(signal.SIGTERM, stop)  # a process manager's stop request ends it like Ctrl-C
    print(f"{SERVICE_NAME}: serving on http://{host}:{server.effective_port}/", flush=True)
    try:
        server.run()  # returns once interrupted (waitress catches KeyboardInterrupt)
    except KeyboardInterrupt:
        pass  # interrupted before waitress's loop started
    finally:
        server.close()
    print(f"{SERVICE_NAME}: stopped", flush=True)
    return 0


def fetch(opener, url):
    """GET ``url``; return the status code and the body as text."""
    with opener.open(url, timeout=SELF_TEST_TIMEOUT) as response:
        return response.status, response.read().decode("utf-8")


def self_test():
    """Serve in a background thread, check both routes and return the summary line."""
    import waitress

    server = waitress.create_server(create_app(), host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.effective_port}"
        # Talk to the local server directly, whatever proxy the environment configures.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        index_status, index_body = fetch(opener, base + "/")
        if index_status != 200 or index_body != GREETING:
            raise RuntimeError(f"GET / returned {index_status} {index_body!r}")
        health_status, health_body = fetch(opener, base + "/health")
        health = json.loads(health_body)
        if health_status != 200 or health.get("status") != "ok":
            raise RuntimeError(f"GET /health returned {health_status} {health_body!r}")
    finally:
        server.close()
    return f"self-test OK (GET / -> {index_status}, GET /health -> {health_status})"


def main(argv=None):
    """Run the service or its self-test; return the exit status."""
    arguments = parse_arguments(argv)
    try:
        if not arguments.self_test:
            return serve(arguments.host, arguments.port)
        summary = self_test()
    except Exception as exc:  # report every failure as one line, never as a traceback
        print(f"{SERVICE_NAME}: FAILED: {str(exc) or type(exc).__name__}", file=sys.stderr)
        return 1
    print(f"{SERVICE_NAME}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
