"""The ``hello-service`` application of the http-service example stack.

A Flask application (``create_app``) served by waitress. ``python -m hello_service`` runs
it (see ``__main__`` for the options); the web framework and the server come from the
stack's ``web`` framework layer, so this package holds only the service's own code.

Routes:

* ``GET /``       -> ``200``, ``text/plain``: ``Hello from hello-service!``
* ``GET /health`` -> ``200``, JSON: ``{"status": "ok", "service": "hello-service",
  "python": "<version>", "flask": "<version>", "waitress": "<version>"}``
"""

import platform
from importlib.metadata import version

SERVICE_NAME = "hello-service"
GREETING = f"Hello from {SERVICE_NAME}!\n"


def health():
    """The body of ``/health``: the service name and the versions it runs on."""
    return {
        "status": "ok",
        "service": SERVICE_NAME,
        "python": platform.python_version(),
        "flask": version("flask"),
        "waitress": version("waitress"),
    }


def create_app():
    """Return the Flask application serving ``/`` and ``/health``."""
    from flask import Flask, Response, jsonify

    app = Flask(SERVICE_NAME)

    @app.get("/")
    def index():
        return Response(GREETING, mimetype="text/plain")

    @app.get("/health")
    def health_check():
        return jsonify(health())

    return app
