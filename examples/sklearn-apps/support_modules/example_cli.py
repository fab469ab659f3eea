"""Shared by the applications of the sklearn-apps example stack (a support module).

``run(app_name, compute)`` calls ``compute()``, which returns the one-line summary of the
application's result, and prints ``<app_name>: <summary>`` to stdout. If ``compute``
raises, it prints ``<app_name>: FAILED: <reason>`` to stderr instead. It returns the exit
status for ``sys.exit``: 0 on success, 1 on failure.
"""

import sys


class CheckFailed(Exception):
    """Raised by an application when its result is not what it should be."""


def run(app_name, compute):
    """Run ``compute`` and report its summary line; return the process exit status."""
    try:
        summary = compute()
    except Exception as exc:  # report every failure as one line, never as a traceback
        reason = str(exc) or type(exc).__name__
        print(f"{app_name}: FAILED: {reason}", file=sys.stderr)
        return 1
    print(f"{app_name}: {summary}")
    return 0
