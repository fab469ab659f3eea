"""Import checks shared by the sample project's launch modules.

An application layer should be able to import everything its runtime and framework
layers provide, and nothing that only some *other* layer of the stack provides.
"""

import importlib


class LayerCheckError(RuntimeError):
    """Raised when the import environment does not match the layer's expectations."""


def check_imports(expected, forbidden):
    """Import each module in *expected*; ensure each module in *forbidden* is unavailable.

    Every module is checked before reporting, so a single error lists all problems.
    Raises :class:`LayerCheckError` if any expected module fails to import or any
    forbidden module imports successfully. Returns the imported expected modules as a
    ``{name: module}`` dict.
    """
    imported = {}
    problems = []
    for name in expected:
        try:
            imported[name] = importlib.import_module(name)
        except ImportError as exc:
            problems.append(f"expected module {name!r} could not be imported ({exc})")
    for name in forbidden:
        try:
            module = importlib.import_module(name)
        except ImportError:  # includes ModuleNotFoundError
            continue
        location = getattr(module, "__file__", None) or "<unknown location>"
        problems.append(f"module {name!r} should not be importable (found at {location})")
    if problems:
        raise LayerCheckError("; ".join(problems))
    return imported
