"""Build the attachments of the content release.

Each module of this package (one per group of competences) exposes
``GENERATORS: dict[str, Callable[[Path], None]]``: the attachment's file name, and a function that
writes that file at the path it is given. Generators are deterministic (fixed dates, no randomness
without a seed), so rebuilding gives the same content.

``python -m referential.content.generators`` rebuilds every attachment;
``python -m referential.content.generators ventes.xlsx`` only the ones named.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

ATTACHMENTS_DIR = Path(__file__).resolve().parent.parent / "attachments"

Generator = Callable[[Path], None]


def all_generators() -> dict[str, Generator]:
    found: dict[str, Generator] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for name, generator in getattr(module, "GENERATORS", {}).items():
            if name in found:
                raise ValueError(f"two generators write {name}")
            found[name] = generator
    return found


def build(names: list[str] | None = None, target: Path = ATTACHMENTS_DIR) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    generators = all_generators()
    unknown = set(names or ()) - set(generators)
    if unknown:
        raise KeyError(f"no generator for {sorted(unknown)}")
    written = []
    for name, generator in sorted(generators.items()):
        if names and name not in names:
            continue
        path = target / name
        generator(path)
        written.append(path)
    return written
