"""Full-text search over Chinese text, one generic index for every module (docs/search.md).

Each searchable object has one `SearchEntry` row holding its tokens. Tokens are made without a
dictionary, so that what a page shows can always be found again:

- a run of Chinese characters gives every character and every pair of adjacent characters
  (王建国 → 王 建 国 王建 建国): any substring of the text is found, whatever a word segmenter
  would have made of it — a 2-character name inside a sentence included;
- a run of letters and digits gives itself, lower-cased (XS-2026-000123 → xs 2026 000123).

A query is cut into words by jieba with the domain dictionary (so 王建国公车私用 → 王建国 公车私用,
and no pair straddles the two words), each word into the same tokens, and a row matches when it has
all of them (AND). The database does the lookup: a GIN index over the tokens as a tsvector on
PostgreSQL, an FTS5 table on SQLite (migration core.0002).

`matching(queryset, query)` narrows any queryset by an `id IN (subquery)`, so it composes with
`access.scope(...)` and never widens it. Services call `refresh(obj)` when an object's searchable
text is written, `remove(obj)` when its content leaves the platform; `rebuild()` (the `paizhu
reindex` command) recomputes everything in batches.

Core names no model: each app registers the `Document` of its searchable model from its
AppConfig.ready() (`search.register(...)`, e.g. `paizhu/clues/search.py`), saying how to read its text
and which of its rows name a given cadre or unit, so that renaming one re-indexes exactly those.
"""

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Lookup, Model, QuerySet
from django.db.models.signals import post_save, pre_save

from .models import SearchEntry

DICTIONARY = Path(__file__).with_name("search_dict.txt")
MAX_TOKEN_LENGTH = 64  # longer runs (a pasted hash, a URL) are not words anyone types; PostgreSQL caps lexemes too
MAX_QUERY_TOKENS = 64
MAX_COMPOUND_PARTS = 6
BATCH_SIZE = 1000

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUNS = re.compile(rf"([{_CJK}]+)|([^\W_{_CJK}]+)")
_SEPARATOR = re.compile(r"[-_/.]")
_COMPOUND = re.compile(rf"[^\W_{_CJK}]+(?:[-_/.][^\W_{_CJK}]+)+")


@cache
def tokenizer():
    """jieba with the shared domain dictionary (intake's repeat detection uses it too)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # its INFO lines about loading the dictionary are noise in our logs
    tok = jieba.Tokenizer()
    # A high frequency in the dictionary keeps jieba's HMM from splitting these terms (派驻纪检监察组 ...).
    tok.load_userdict(str(DICTIONARY))
    return tok


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def _tokens(text: str, *, for_query: bool = False) -> Iterator[str]:
    for cjk, other in _RUNS.findall(text):
        if cjk:
            # In a query, the pairs of a word already imply its characters.
            if not for_query or len(cjk) == 1:
                yield from cjk
            yield from (cjk[i : i + 2] for i in range(len(cjk) - 1))
        elif len(other) <= MAX_TOKEN_LENGTH:
            yield other


def _joined(parts: list[str]) -> Iterator[str]:
    """Every run of two or more adjacent parts of a compound, joined (xs-2026-000123 → xs2026 2026000123 ...)."""
    parts = parts[:MAX_COMPOUND_PARTS]
    for i in range(len(parts)):
        for j in range(i + 2, len(parts) + 1):
            joined = "".join(parts[i:j])
            if len(joined) <= MAX_TOKEN_LENGTH:
                yield joined


def text_tokens(parts: Iterable[str]) -> list[str]:
    """The tokens stored for a document made of `parts` (sorted, distinct)."""
    tokens: set[str] = set()
    for part in map(_normal, parts):
        tokens.update(_tokens(part))
        for compound in _COMPOUND.findall(part):
            tokens.update(_joined(_SEPARATOR.split(compound)))
    return sorted(tokens)


def query_tokens(query: str) -> list[str]:
    """The tokens a row must all have to match `query`; empty when the query has nothing searchable.

    A compound (a serial number) must appear whole: XS-2026-000001 must not match a clue that has
    xs, 2026 and 000001 in different places (its own serial and the report number it came from).
    """
    query = _normal(query)
    found: list[str] = []
    for compound in _COMPOUND.findall(query):
        parts = _SEPARATOR.split(compound)
        whole = "".join(parts)
        # Longer compounds are indexed by their parts and their first parts only (see _joined).
        found += [whole] if len(parts) <= MAX_COMPOUND_PARTS and len(whole) <= MAX_TOKEN_LENGTH else _tokens(compound)
    words = tokenizer().lcut(_COMPOUND.sub(" ", query))
    found += [t for word in words for t in _tokens(word, for_query=True)]
    return list(dict.fromkeys(found))[:MAX_QUERY_TOKENS]


class _Matches(Lookup):
    """`tokens__matches="<db query>"`: the row's tokens contain every token of the query."""

    lookup_name = "matches"

    def as_postgresql(self, compiler, conn):
        lhs, lhs_params = self.process_lhs(compiler, conn)
        rhs, rhs_params = self.process_rhs(compiler, conn)
        # The same expression as the GIN index of migration core.0002, so the planner uses it.
        return f"array_to_tsvector(string_to_array({lhs}, ' ')) @@ ({rhs})::tsquery", [*lhs_params, *rhs_params]

    def as_sqlite(self, compiler, conn):
        pk, pk_params = compiler.compile(self.lhs.target.model._meta.pk.get_col(self.lhs.alias))
        rhs, rhs_params = self.process_rhs(compiler, conn)
        # pk is a compiled column reference and rhs a placeholder: the query text is a parameter.
        sql = f"{pk} IN (SELECT rowid FROM core_searchentry_fts WHERE core_searchentry_fts MATCH {rhs})"  # noqa: S608
        return sql, [*pk_params, *rhs_params]

    def as_sql(self, compiler, conn):
        raise NotImplementedError(f"全文检索不支持{conn.vendor}数据库。")


SearchEntry._meta.get_field("tokens").register_lookup(_Matches)


def _db_query(tokens: list[str]) -> str:
    # Tokens are letters, digits and CJK characters only (see _RUNS), so quoting needs no escaping.
    if connection.vendor == "postgresql":
        return " & ".join(f"'{t}'" for t in tokens)
    return " AND ".join(f'"{t}"' for t in tokens)


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """The rows of `queryset` whose indexed text contains every word of `query` (none if it has no words)."""
    tokens = query_tokens(query)
    if not tokens:
        return queryset.none()
    entries = SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(queryset.model), tokens__matches=_db_query(tokens)
    )
    return queryset.filter(pk__in=entries.values("object_id"))


# --- what each model contributes ----------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """How to read one model's searchable text; `parts` must not touch the database beyond `prefetch`.

    `names` maps the label of a model whose `name` the text contains (a cadre, a unit) to a function
    giving, for one such row's pk, the pks of this model's rows that name it: renaming the row
    re-indexes exactly those.
    """

    model: str
    parts: Callable[[Model], list[str]]
    select_related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    names: Mapping[str, Callable[[int], QuerySet]] = field(default_factory=dict, compare=False)

    def queryset(self) -> QuerySet:
        model = apps.get_model(self.model)
        return model.objects.select_related(*self.select_related).prefetch_related(*self.prefetch).order_by("pk")


# Filled by the apps from their AppConfig.ready() (`register`), by model label.
DOCUMENTS: dict[str, Document] = {}


def register(document: Document) -> None:
    """Make `document.model` searchable, and re-index its rows when a row it names is renamed."""
    DOCUMENTS[document.model] = document
    for label in document.names:
        pre_save.connect(_remember_name, sender=label, dispatch_uid=f"core.search.saving.{label}")
        post_save.connect(_renamed, sender=label, dispatch_uid=f"core.search.saved.{label}")


def _document(obj_or_model) -> Document:
    return DOCUMENTS[obj_or_model._meta.label]


# --- writing the index ----------------------------------------------------------------------------


def index(obj: Model, text_parts: Iterable[str]) -> SearchEntry:
    """Store the tokens of `text_parts` as the search entry of `obj`, replacing any earlier one."""
    entry, _ = SearchEntry.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        defaults={"tokens": " ".join(text_tokens(text_parts))},
    )
    return entry


def refresh(obj: Model) -> SearchEntry:
    """Index `obj` from its registered document: call it where its searchable text is written."""
    return index(obj, _document(obj).parts(obj))


def remove(obj: Model) -> None:
    """Forget `obj` (its content is leaving the platform)."""
    SearchEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk).delete()


def _batches(qs: QuerySet, size: int) -> Iterator[list[Model]]:
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last)[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def _reindex(label: str, batch_size: int, pks: QuerySet | None = None) -> int:
    document = DOCUMENTS[label]
    content_type = ContentType.objects.get_for_model(apps.get_model(label))
    qs = document.queryset() if pks is None else document.queryset().filter(pk__in=pks)
    count = 0
    for batch in _batches(qs, batch_size):
        rows = [
            SearchEntry(content_type=content_type, object_id=obj.pk, tokens=" ".join(text_tokens(document.parts(obj))))
            for obj in batch
        ]
        with transaction.atomic():
            SearchEntry.objects.filter(content_type=content_type, object_id__in=[obj.pk for obj in batch]).delete()
            SearchEntry.objects.bulk_create(rows)
        count += len(rows)
    return count


def rebuild(models: Iterable[str] = (), batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Recompute the entries of every object of the given models (all registered by default).

    Each batch is one transaction, so a rebuild of a large ledger never holds one long lock and
    searches see the old entries until a batch commits. Entries of deleted objects are dropped.
    Returns the number of objects indexed per model.
    """
    counts = {}
    for label in models or DOCUMENTS:
        counts[label] = _reindex(label, batch_size)
        model = apps.get_model(label)
        SearchEntry.objects.filter(content_type=ContentType.objects.get_for_model(model)).exclude(
            object_id__in=model.objects.values("pk")
        ).delete()
    return counts


# --- names that other objects' entries contain ------------------------------------------------------


def _remember_name(sender, instance, **kwargs) -> None:
    instance._name_before_save = (
        sender.objects.filter(pk=instance.pk).values_list("name", flat=True).first() if instance.pk else None
    )


def _renamed(sender, instance, created, **kwargs) -> None:
    """A named row (a cadre, a unit) renamed: the documents that name it are found by the new name."""
    if created or kwargs.get("raw") or getattr(instance, "_name_before_save", instance.name) == instance.name:
        return
    for document in list(DOCUMENTS.values()):
        rows = document.names.get(sender._meta.label)
        if rows is not None:
            _reindex(document.model, BATCH_SIZE, rows(instance.pk))
