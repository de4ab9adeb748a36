"""Time limits of the integrity files: a deployment overrides them with `PAIZHU_INTEGRITY_LIMITS`."""

from paizhu.workflow.limits import WORKDAYS, Table

LIMITS = Table(
    "integrity",
    {
        "open": (10, WORKDAYS, "查阅有效期"),  # an approved request opens the summary sheet for this long
    },
    setting="PAIZHU_INTEGRITY_LIMITS",
)
