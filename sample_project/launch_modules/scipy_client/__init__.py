"""Launch package for the sample ``scipy-client`` application (``python -m scipy_client``).

Layers: runtime cpython-3.11 (numpy) + frameworks scipy and http-client (httpx, h11).
Checks that numpy, scipy, httpx and h11 import and that sklearn (provided only by a
layer on the other runtime) does not, then prints exactly one line to stdout::

    scipy-client: OK (numpy <version>, scipy <version>, httpx <version>, h11 <version>)

On failure, prints a message to stderr and exits with status 1.
"""

import sys

from layer_checks import LayerCheckError, check_imports
from report_format import success_line

APP_NAME = "scipy-client"
EXPECTED = ["numpy", "scipy", "httpx", "h11"]
FORBIDDEN = ["sklearn"]
REPORTED_DISTRIBUTIONS = ["numpy", "scipy", "httpx", "h11"]


def main():
    """Run the import checks and report the outcome; return the exit status."""
    try:
        check_imports(EXPECTED, FORBIDDEN)
    except LayerCheckError as exc:
        print(f"{APP_NAME}: FAILED: {exc}", file=sys.stderr)
        return 1
    print(success_line(APP_NAME, REPORTED_DISTRIBUTIONS))
    return 0
