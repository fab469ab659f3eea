"""Launch module for the sample ``scipy-import`` application (``python -m scipy_import``).

Layers: runtime cpython-3.11 (numpy) + framework scipy.
Checks that numpy and scipy import and that httpx and sklearn (provided only by other
layers of the stack) do not, then prints exactly one line to stdout::

    scipy-import: OK (numpy <version>, scipy <version>)

On failure, prints a message to stderr and exits with status 1.
"""

import sys

from layer_checks import LayerCheckError, check_imports
from report_format import success_line

APP_NAME = "scipy-import"
EXPECTED = ["numpy", "scipy"]
FORBIDDEN = ["httpx", "sklearn"]
REPORTED_DISTRIBUTIONS = ["numpy", "scipy"]


def main():
    """Run the import checks and report the outcome; return the exit status."""
    try:
        check_imports(EXPECTED, FORBIDDEN)
    except LayerCheckError as exc:
        print(f"{APP_NAME}: FAILED: {exc}", file=sys.stderr)
        return 1
    print(success_line(APP_NAME, REPORTED_DISTRIBUTIONS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
