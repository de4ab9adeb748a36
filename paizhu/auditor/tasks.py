"""Celery jobs of the auditor (paizhu.celery): the daily chain check, the same as `paizhu audit verify`."""

from paizhu.celery import app

from .services import run_verification


class ChainBroken(Exception):
    """Raised so that a broken chain shows as a failed job in the worker's log (the entry is written too)."""


@app.task(name="paizhu.audit_verify")
def verify_audit_chain() -> str:
    result = run_verification(None)
    if not result.ok:
        raise ChainBroken(result.message)
    return result.message
