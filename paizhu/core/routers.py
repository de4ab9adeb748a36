"""The API routers the apps contribute, mounted under /api/v1/ by `paizhu.api.api`.

Each app registers its `api.py` (a module with a ninja `router`) from its AppConfig.ready():

    routers.register("/clues/", "paizhu.clues.api")

The module is imported when the API is built (after every app is ready), so registering costs nothing.
"""

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Mounted:
    prefix: str
    module: str  # dotted path of a module with a `router`


_routers: dict[str, Mounted] = {}


def register(prefix: str, module: str) -> None:
    if _routers.get(prefix, Mounted(prefix, module)).module != module:
        raise ValueError(f"API prefix {prefix} is already {_routers[prefix].module}")
    _routers[prefix] = Mounted(prefix, module)


def registered() -> list[tuple[str, object]]:
    """(prefix, router) of every registered router, in the order registered (the apps' order)."""
    return [(m.prefix, importlib.import_module(m.module).router) for m in _routers.values()]
