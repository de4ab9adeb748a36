"""Related rows read inside the row's own statement, as one text: a correlated subquery aggregated by
STRING_AGG (PostgreSQL) or GROUP_CONCAT (SQLite), instead of a second query per list.

    from paizhu.core.joined import joined, split
    qs = qs.annotate(subject_rows=joined(Through.objects.filter(clue_id=OuterRef("pk")), "clue_id", "person_id", "person__name"))
    for person_id, name in split(row.subject_rows, 2): ...

Rows are joined by `ROWS` (";") and their columns by `COLUMNS` (","), in no particular order (sort in
Python when the order matters); NULL columns become "". The last column may itself contain the column
separator (`split` keeps it whole); no column may contain the row separator.
"""

from django.db.models import Aggregate, CharField, F, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

ROWS = ";"
COLUMNS = ","


class Joined(Aggregate):
    """The rows' texts joined by ";" (STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite); NULL for no rows."""

    function = "STRING_AGG"
    template = f"%(function)s(%(expressions)s, '{ROWS}')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def _text(name: str):
    return Coalesce(Cast(F(name), CharField()), Value(""))


def joined(queryset: QuerySet, by: str, *columns: str) -> Subquery:
    """`columns` of `queryset`'s rows (correlated to the outer row through `by`) as one text."""
    parts: list = []
    for column in columns:
        parts += [_text(column), Value(COLUMNS)]
    row = Concat(*parts[:-1], output_field=CharField()) if len(parts) > 1 else parts[0]
    return Subquery(queryset.order_by().values(by).annotate(joined=Joined(row)).values("joined")[:1])


def split(text: str | None, columns: int) -> list[list[str]]:
    """The rows of a `joined` text, each as its `columns` texts."""
    return [row.split(COLUMNS, columns - 1) for row in (text or "").split(ROWS) if row]
