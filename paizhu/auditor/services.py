"""The auditor's one write: a verification of the chain, recorded as `audit.verified`."""

from typing import TYPE_CHECKING

from django.db import transaction

from paizhu import access
from paizhu.audit.models import AuditEntry
from paizhu.audit.services import ChainVerification, record, verify_chain

if TYPE_CHECKING:
    from paizhu.core.actors import Actor


def run_verification(
    actor: "Actor | None", *, anchors: tuple[str, ...] = (), chunk_size: int = 5000, workers: int = 1
) -> ChainVerification:
    """Verify the chain and write the outcome as `audit.verified`; `actor` None is the operator's command line.

    Only who may read the trail may have it checked (404 otherwise, as for the trail's pages). The entry is
    appended after the check, so it records a result about the entries before it and never changes what was
    checked.
    """
    if actor is not None:
        access.require_section(actor, AuditEntry)
    result = verify_chain(anchors=anchors, chunk_size=chunk_size, workers=workers)
    with transaction.atomic():  # the entry alone: the check itself reads outside any transaction of ours
        record(actor, "audit.verified", None, {**result.as_details(), "anchors": list(anchors)})
    return result
