"""Launch module for the sample ``sklearn-import`` application (``python -m sklearn_import``).

Layers: runtime cpython-3.12 (numpy) + framework sklearn (scikit-learn, which pulls in
scipy). This app has no support modules, so the checks are done inline. Checks that
numpy, scipy and sklearn import and that httpx (provided only by another layer of the
stack) does not, then prints exactly one line to stdout::

    sklearn-import: OK (numpy <version>, scipy <version>, scikit-learn <version>)

On failure, prints a message to stderr and exits with status 1.
"""

import importlib
import sys
from importlib.metadata import version

APP_NAME = "sklearn-import"
EXPECTED = ["numpy", "scipy", "sklearn"]
FORBIDDEN = ["httpx"]
REPORTED_DISTRIBUTIONS = ["numpy", "scipy", "scikit-learn"]


def find_problems():
    """Return a list of problems with the import environment (empty if all is well)."""
    problems = []
    for name in EXPECTED:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            problems.append(f"expected module {name!r} could not be imported ({exc})")
    for name in FORBIDDEN:
        try:
            module = importlib.import_module(name)
        except ImportError:  # includes ModuleNotFoundError
            continue
        location = getattr(module, "__file__", None) or "<unknown location>"
        problems.append(f"module {name!r} should not be importable (found at {location})")
    return problems


def main():
    """Run the import checks and report the outcome; return the exit status."""
    problems = find_problems()
    if problems:
        print(f"{APP_NAME}: FAILED: {'; '.join(problems)}", file=sys.stderr)
        return 1
    details = ", ".join(f"{dist} {version(dist)}" for dist in REPORTED_DISTRIBUTIONS)
    print(f"{APP_NAME}: OK ({details})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
