"""Vocabularies shared by several modules: one list, one spelling, so a report's categories travel
to the clue made from it, and statistics count the same codes everywhere."""

from django.db import models


class Discipline(models.TextChoices):
    """The six disciplines of the party's disciplinary rules, and suspected duty violations or crimes."""

    POLITICAL = "political", "违反政治纪律"
    ORGANIZATIONAL = "organizational", "违反组织纪律"
    INTEGRITY = "integrity", "违反廉洁纪律"
    MASSES = "masses", "违反群众纪律"
    WORK = "work", "违反工作纪律"
    LIFE = "life", "违反生活纪律"
    DUTY_VIOLATION = "duty_violation", "涉嫌职务违法"
    DUTY_CRIME = "duty_crime", "涉嫌职务犯罪"
