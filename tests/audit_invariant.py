"""Every state-changing service audits itself, inside its own transaction — checked on every call.

Each public function of the apps' service modules (or of a services package's public modules)
whose first parameter is the acting user (`actor`) is wrapped for the whole run. When the outermost such call returns, it must have
written at least one audit entry, and each entry inside a transaction opened by the service (so
the record and the change commit or roll back together). Read helpers (`may_*`, ...) are skipped
by name. The wrapper only counts; the calls themselves are the ones the suite makes anyway.
"""

import functools
import importlib
import inspect
import pkgutil
import threading

from django.db import connection
from django.db.models.signals import post_save

SERVICE_MODULES = [
    "paizhu.intake.services",
    "paizhu.clues.services",
    "paizhu.rectification.services",
    "paizhu.org.services",
    "paizhu.accounts.services",
    "paizhu.access.services",
    "paizhu.access.jurisdiction",
    "paizhu.workflow.services",
    "paizhu.auditor.services",
    "paizhu.core.services",
]
READS = ("may_", "is_", "can_", "require_", "close_reasons", "screenable_clues", "similar_to", "signature_of")
# Read helpers kept beside the services they serve (they change nothing), by name.
NOT_AUDITING = {
    "paizhu.intake.services.attachments_for",
    "paizhu.intake.services.identity_access",
    "paizhu.intake.services.subject_matches",
    "paizhu.intake.services.thread_for",
}

_state = threading.local()
violations: list[str] = []


def _on_entry(sender, instance, created, **kwargs):
    calls = getattr(_state, "calls", None)
    if not calls or not created:
        return
    name, base_depth, writes = calls[0]
    # record() opens its own atomic block: the service's must be open around it as well.
    writes.append(len(connection.atomic_blocks) >= base_depth + 2)


def _wrap(qualified: str, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        calls = getattr(_state, "calls", None)
        if calls is None:
            calls = _state.calls = []
        outermost = not calls
        if outermost:
            calls.append((qualified, len(connection.atomic_blocks), []))
        try:
            result = function(*args, **kwargs)
        except BaseException:
            if outermost:
                calls.clear()
            raise
        if outermost:
            _, _, writes = calls.pop()
            if not writes:
                violations.append(f"{qualified}: returned without an audit entry")
            elif not all(writes):
                violations.append(f"{qualified}: audit entry written outside the service's transaction")
        return result

    return wrapper


def install() -> None:
    from paizhu.audit.models import AuditEntry

    post_save.connect(_on_entry, sender=AuditEntry, dispatch_uid="audit-invariant")
    for module_name in SERVICE_MODULES:
        modules = _service_modules(module_name)
        defined_in = {module.__name__ for module in modules}
        wrappers = {}
        for module in modules:
            for name, function in list(vars(module).items()):
                if name.startswith("_") or name.startswith(READS) or not inspect.isfunction(function):
                    continue
                if function.__module__ not in defined_in:
                    continue
                params = list(inspect.signature(function).parameters)
                qualified = f"{module_name}.{name}"  # the name callers use, wherever it is defined
                if not params or params[0] != "actor" or qualified in NOT_AUDITING:
                    continue
                if function not in wrappers:
                    wrappers[function] = _wrap(qualified, function)
                setattr(module, name, wrappers[function])


def _service_modules(module_name: str) -> list:
    """The module, or a services package with its public modules: a function re-exported by the package
    is wrapped under both names (private modules, `_common`, hold helpers, not services)."""
    module = importlib.import_module(module_name)
    modules = [module]
    if hasattr(module, "__path__"):
        for info in pkgutil.iter_modules(module.__path__):
            if not info.name.startswith("_"):
                modules.append(importlib.import_module(f"{module_name}.{info.name}"))
    return modules
