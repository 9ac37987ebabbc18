"""Benchmark sections: each ``section_<name>.py`` module has ``run() -> dict``.

Adding a section is adding a module; ``python -m bench_lib`` finds it by name.
"""

from __future__ import annotations

from collections.abc import Callable
import importlib
import pkgutil
from typing import Any

SECTION_PREFIX = "section_"


def sections() -> dict[str, Callable[[], dict[str, Any]]]:
    """Every section's ``run`` by section name, in name order."""
    found: dict[str, Callable[[], dict[str, Any]]] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda item: item.name):
        if module.name.startswith(SECTION_PREFIX):
            name = module.name.removeprefix(SECTION_PREFIX)
            found[name] = importlib.import_module(f"{__name__}.{module.name}").run
    return found
