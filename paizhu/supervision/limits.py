"""The thresholds of the work summary's anomaly flags (工作统计的异常提示).

A deployment overrides entries with `PAIZHU_SUPERVISION_ANOMALIES = {"silent_months": 6}`:

- `silent_months`: a group that recorded supervision at a unit in the last N months (to the period's end)
  without a single finding there is flagged (有监督、无问题发现);
- `clue_months`, `min_reports`, `min_clue_percent`: a group that received at least `min_reports` reports in
  the last `clue_months` months (to the period's end) and registered clues amounting to less than
  `min_clue_percent` per cent of them is flagged (受理举报多、登记线索少).
"""

from django.conf import settings

ANOMALIES = {"silent_months": 3, "clue_months": 3, "min_reports": 10, "min_clue_percent": 10}


def anomaly(name: str) -> int:
    return {**ANOMALIES, **getattr(settings, "PAIZHU_SUPERVISION_ANOMALIES", {})}[name]
