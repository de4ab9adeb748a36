"""Full-text search at 100k indexed rows: `search.matching` vs the raw full-text SQL vs a LIKE scan.

    .venv/bin/python bench/search.py                      # SQLite (FTS5) in a temp dir
    PAIZHU_DATABASE_URL=postgres://postgres@127.0.0.1:5432/paizhu_bench .venv/bin/python bench/search.py

Builds N synthetic ledger texts (about 120 characters: a unit, a post and a name, two problem phrases
from a list of 40, filler, a serial), indexes them as `org.Person` search entries with the
platform's own tokens, then times for a few queries
  1. `search.matching(Person.objects.all(), q)`: the ids of the first page and the count, as a list page does;
  2. the raw full-text SQL alone (GIN @@ / FTS5 MATCH), the floor of an indexed lookup;
  3. a LIKE scan over the tokens (what `icontains` on the text costs, roughly).
Bounded: N defaults to 100,000 and the run takes well under a minute.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
N = int(os.environ.get("BENCH_ROWS", "100000"))
REPEATS = 10

_tmp = tempfile.mkdtemp(prefix="paizhu-bench-")
os.environ.setdefault("PAIZHU_VAR_DIR", _tmp)
os.environ.setdefault("PAIZHU_DEMO", "1")
os.environ.setdefault("PAIZHU_DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "paizhu.settings"

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from paizhu.core import search  # noqa: E402
from paizhu.core.models import SearchEntry  # noqa: E402
from paizhu.org.models import Person  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅志强小军正文斌宇浩凯鹏飞"
UNITS = [
    "教育局",
    "财政局",
    "水利局",
    "卫健委",
    "交通运输局",
    "住建局",
    "自然资源局",
    "市场监管局",
    "农业农村局",
    "民政局",
]
POSTS = ["局长", "副局长", "科长", "副科长", "主任", "科员", "党组书记", "办公室主任"]
PROBLEMS = [
    "公车私用",
    "违规发放津补贴",
    "违规收受礼品礼金",
    "插手工程项目",
    "违规吃喝",
    "大操大办",
    "优亲厚友",
    "吃拿卡要",
    "以权谋私",
    "权钱交易",
    "虚报冒领",
    "套取资金",
    "截留挪用",
    "违规兼职取酬",
    "收受购物卡",
    "超标准接待",
    "违规操办婚丧喜庆",
    "利用职务便利",
    "收受红包",
    "形式主义官僚主义",
    "违规使用公务用车",
    "政府采购中弄虚作假",
    "招投标中暗箱操作",
    "违规提拔干部",
    "私设小金库",
    "违规借贷",
    "违规经商办企业",
    "违规占用住房",
    "公款旅游",
    "打牌赌博",
    "酒驾",
    "违规报销",
    "违规配备办公用房",
    "履职不力",
    "工作作风粗暴",
    "违规收费",
    "泄露工作秘密",
    "违规干预司法",
    "插手人事安排",
    "为亲属谋利",
]
FILLER = "长期存在问题，群众反映强烈，请组织调查核实，经常在周末和节假日，给单位造成不良影响，并且多次被提醒仍不改正"


def text(rng: random.Random, i: int) -> tuple[str, list[str]]:
    name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
    problems = rng.sample(PROBLEMS, 2)
    body = f"反映市{rng.choice(UNITS)}{rng.choice(POSTS)}{name}{problems[0]}，{FILLER[rng.randint(0, 20) :]}，还{problems[1]}。"
    return name, [f"XS-2026-{i:06d}", body, name]


def timed(fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def _insert(rows: list[tuple]) -> None:
    """Bulk insert through the driver (COPY on PostgreSQL): setup speed is not what we measure."""
    columns = "content_type_id, object_id, tokens, indexed_at"
    raw = connection.connection
    if connection.vendor == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY core_searchentry ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        raw.executemany(f"INSERT INTO core_searchentry ({columns}) VALUES (?, ?, ?, ?)", rows)  # noqa: S608 - our own constants


def build() -> list[str]:
    rng = random.Random(2026)
    started = time.perf_counter()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")  # a throwaway database: no durability needed while filling it
    with transaction.atomic():
        Person.objects.bulk_create([Person(name=f"测试{i}", post="科员") for i in range(N)], batch_size=5000)
        ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        content_type = ContentType.objects.get_for_model(Person).pk
        names, rows = [], []
        now = "2026-01-05T00:00:00+00:00"
        for i, pk in enumerate(ids):
            name, parts = text(rng, i + 1)
            names.append(name)
            rows.append((content_type, pk, " ".join(search.text_tokens(parts)), now))
        connection.ensure_connection()
        _insert(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    tokens = sum(len(r[2].split()) for r in rows)
    print(f"setup: {N} rows, {tokens / N:.0f} tokens per row, {time.perf_counter() - started:.1f} s")
    return names


def raw_sql(query: str):
    db_query = search._db_query(search.query_tokens(query))
    if connection.vendor == "postgresql":
        sql = (
            "SELECT object_id FROM core_searchentry "
            "WHERE array_to_tsvector(string_to_array(tokens, ' ')) @@ %s::tsquery"
        )
    else:
        sql = "SELECT rowid FROM core_searchentry_fts WHERE core_searchentry_fts MATCH %s"

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, [db_query])
            return len(cursor.fetchall())

    return run


def main() -> None:
    call_command("migrate", verbosity=0)
    names = build()
    rare_name = next(n for n in names if len(n) == 3 and names.count(n) < 5)
    queries = ["公车私用", rare_name, "XS-2026-054321", "违规吃喝 收受红包", "派驻纪检监察组"]
    print(f"{connection.vendor}, {N} rows; median of {REPEATS}, ms")
    print(f"{'query':<24}{'hits':>7}{'matching':>11}{'raw FTS':>10}{'LIKE scan':>11}")
    for query in queries:
        page = search.matching(Person.objects.all(), query).order_by("-pk")

        def platform(page=page):
            return len(list(page.values_list("pk", flat=True)[:50])), page.count()

        t_platform, (_, hits) = timed(platform)
        t_raw, raw_hits = timed(raw_sql(query))
        word = search.query_tokens(query)[0]
        t_scan, _ = timed(lambda word=word: SearchEntry.objects.filter(tokens__contains=word).count())
        assert raw_hits == hits, (query, raw_hits, hits)
        print(f"{query:<24}{hits:>7}{t_platform:>11.1f}{t_raw:>10.1f}{t_scan:>11.1f}")


if __name__ == "__main__":
    main()
