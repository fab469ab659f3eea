"""Formatting of the one-line success report printed by the sample launch modules.

The line format is::

    <app name>: OK (<distribution> <version>, <distribution> <version>, ...)

e.g. ``scipy-import: OK (numpy 2.3.2, scipy 1.16.1)``. Distributions appear in the
order given; versions are read at run time from the installed distribution metadata.
"""

from importlib.metadata import version


def success_line(app_name, distributions):
    """Return the success line for *app_name*, reporting each distribution's version."""
    details = ", ".join(f"{dist} {version(dist)}" for dist in distributions)
    return f"{app_name}: OK ({details})"
