"""Time limits of 主体责任 (domain.md §6): a deployment overrides them with `PAIZHU_RESPONSIBILITY_LIMITS`."""

from decimal import Decimal

from paizhu.workflow.limits import WORKDAYS, Table

LIMITS = Table(
    "responsibility",
    {
        "filing_ahead": (1, WORKDAYS, "会前报备"),  # 三重一大：至少在会议召开1个工作日前报备
        "opinion_answer": (5, WORKDAYS, "党风廉政意见回复"),  # 派驻组收到征求意见函后5个工作日内回复
    },
    setting="PAIZHU_RESPONSIBILITY_LIMITS",
)

# 大额资金的报备标准 before the first FundsThreshold row is saved (元).
DEFAULT_FUNDS_THRESHOLD = Decimal("500000")

# 双报告 periods: period → (month, day, years after the report's year) of the deadline; a deployment sets
# `PAIZHU_RESPONSIBILITY_REPORT_DUE = {"h1": (7, 10, 0)}`. A deadline on a rest day moves to the next working day.
REPORT_DUE = {"h1": (7, 15, 0), "annual": (1, 31, 1)}

# 任前公示期 (干部选拔任用工作条例): not less than 5 working days.
PUBLICITY_WORKDAYS = 5

# A risk point whose review date is this many days ahead or less is "due" on the unit's to-do list (calendar days).
RISK_REVIEW_NOTICE_DAYS = 30
