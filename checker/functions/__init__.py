"""The check-function library. Every module in this package registers its functions with
:func:`checker.registry.check` on import; importing this package imports them all."""

import importlib
import pkgutil

for _mod in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_mod.name}")
