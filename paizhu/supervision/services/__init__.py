"""Every write on the supervision log: each public function takes the acting user first, checks scope and
part through `paizhu.access`, and changes, times and audits in one transaction.

Callers use the package: `from paizhu.supervision import services; services.record_activity(...)`.
"""

from .activities import ActivityInput, edit_activity, may_edit, record_activity
from .findings import dispose_as_clue, dispose_as_rectification, dispose_as_talk, drop, may_dispose

__all__ = [
    "ActivityInput",
    "dispose_as_clue",
    "dispose_as_rectification",
    "dispose_as_talk",
    "drop",
    "edit_activity",
    "may_dispose",
    "may_edit",
    "record_activity",
]
