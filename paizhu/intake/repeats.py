"""Finding likely repeats of a text: a bounded probe of the LSH band rows, then Jaccard over few signatures.

Reports written from the same boilerplate share band keys by the thousand (in the generated data a
fifth of all reports share at least one band with a new one), so reading every report behind every
band of a text costs in proportion to the table. Two limits keep the cost flat instead:

- per band, only the PER_BAND most recently registered reports (an index-only backward scan of the
  (key, report) primary key): a band that many reports share says little, and a repeat is of a recent
  report far more often than of an old one — the price: on a crowded band, an old report's repeats are
  found through its other, rarer bands only;
- of those, the CANDIDATES sharing the most bands with the text (newest first among equals) are scored
  on their full signatures, in one numpy comparison, and only those the viewer may see.

A band shared by at most PER_BAND earlier reports is read whole, so on a table without such crowds the
lookup finds what an unbounded one would (the repeat tests at small scale are unchanged).
"""

from django.db import connection

from . import similarity
from .models import Report, ReportBand, ReportSignature

PER_BAND = 100
CANDIDATES = 200


def candidate_ids(sig: similarity.Signature, *, exclude_pk=None) -> list[int]:
    """Report ids sharing a band with `sig`, most bands first, at most CANDIDATES of them."""
    keys = sig.band_keys()
    table = connection.ops.quote_name(ReportBand._meta.db_table)
    probe = f"SELECT report_id FROM {table} WHERE key = %s ORDER BY report_id DESC LIMIT %s"  # noqa: S608
    union = " UNION ALL ".join(f"SELECT report_id FROM ({probe}) AS band{i}" for i in range(len(keys)))  # noqa: S608
    others = "WHERE report_id <> %s " if exclude_pk else ""
    sql = (
        f"SELECT report_id FROM ({union}) AS shared {others}"  # noqa: S608
        "GROUP BY report_id ORDER BY COUNT(*) DESC, report_id DESC LIMIT %s"
    )
    params = [value for key in keys for value in (key, PER_BAND + 1)]  # + 1: the report itself may be one
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *([exclude_pk] if exclude_pk else []), CANDIDATES])
        return [row[0] for row in cursor.fetchall()]


def similar_to(sig: similarity.Signature, queryset, *, exclude_pk=None, limit: int = 10) -> list[tuple[Report, float]]:
    """Reports in `queryset` other than `exclude_pk` whose text is likely the same matter, best first."""
    ids = candidate_ids(sig, exclude_pk=exclude_pk)
    if not ids:
        return []
    rows = list(
        ReportSignature.objects.filter(report__in=queryset.filter(pk__in=ids)).values_list("report_id", "minhash")
    )
    scores = similarity.jaccards(sig, [data for _, data in rows])
    scored = sorted(
        ((rid, score) for (rid, _), score in zip(rows, scores, strict=True) if score >= similarity.SHOW_THRESHOLD),
        key=lambda item: -item[1],
    )[:limit]
    reports = queryset.in_bulk([rid for rid, _ in scored])
    return [(reports[rid], score) for rid, score in scored if rid in reports]
