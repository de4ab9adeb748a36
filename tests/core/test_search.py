import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from paizhu.clues import queries as clue_queries
from paizhu.clues import services as clue_services
from paizhu.clues.models import Clue, Source
from paizhu.core import search
from paizhu.core.models import SearchEntry
from paizhu.intake import queries as intake_queries
from paizhu.intake import services as intake_services
from paizhu.intake.models import Report
from paizhu.intake.services import Identity, NamedPerson, ReportInput

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data_key():
    from django.conf import settings

    from paizhu.core import crypto

    if not settings.DATA_KEY_FILE.exists():
        crypto.init_key_file()


def _clue(world, user, unit, summary, subjects=()):
    return clue_services.register_clue(
        user,
        source_kind=Source.SUPERVISION,
        received_on=datetime.date(2026, 3, 2),
        unit=unit,
        summary=summary,
        subjects=list(subjects),
    )


def _found(user, q) -> set[str]:
    return set(clue_queries.filter_clues(user, clue_queries.ClueFilters(q=q)).values_list("serial", flat=True))


@pytest.fixture
def clues(world):
    u = world.users
    return {
        "car": _clue(world, u.zu4, world.edu, "反映其长期公车私用，周末驾驶公务用车接送孩子。", [world.edu_deputy]),
        "meal": _clue(world, u.zu4, world.fin, "反映其违规吃喝，在私人会所接受宴请。"),
        "water": _clue(world, u.zu2, world.water, "反映其插手工程项目，公车私用。", [world.water_head]),
    }


def test_clue_found_by_a_word_of_its_summary(world, clues):
    assert _found(world.users.zu4, "公车私用") == {clues["car"].serial}


def test_clue_found_by_a_subjects_name_and_by_its_unit(world, clues):
    assert _found(world.users.zu4, "李红梅") == {clues["car"].serial}
    assert _found(world.users.zu4, "财政局") == {clues["meal"].serial}


def test_clue_found_by_its_serial_typed_exactly(world, clues):
    serial = clues["meal"].serial
    assert serial.startswith("XS-")
    assert _found(world.users.zu4, serial) == {serial}
    assert _found(world.users.zu4, serial.lower()) == {serial}
    assert _found(world.users.zu4, serial[3:]) == {serial}  # 2026-000002, without the prefix


def test_a_serial_matches_whole_not_by_its_parts_elsewhere(world):
    first = _clue(world, world.users.zu4, world.edu, "反映其违规吃喝。")
    # The same year and number, but in another serial (the report it came from): no match.
    clue_services.register_clue(
        world.users.zu4,
        source_kind=Source.PETITION,
        received_on=datetime.date(2026, 3, 2),
        unit=world.edu,
        summary="反映其违规吃喝。",
        source_ref="XF" + first.serial[2:],
    )
    assert _found(world.users.zu4, first.serial) == {first.serial}


def test_all_words_must_match(world, clues):
    u = world.users
    assert _found(u.anguan, "公车私用") == {clues["car"].serial, clues["water"].serial}
    assert _found(u.anguan, "公车私用 李红梅") == {clues["car"].serial}
    assert _found(u.anguan, "公车私用陈志强") == {clues["water"].serial}  # jieba splits the words, no space needed
    assert _found(u.anguan, "公车私用 违规吃喝") == set()


def test_search_stays_within_the_users_scope(world, clues):
    # 第二组组长 searching a word of 第四组's clue finds only the clue of his own group.
    assert _found(world.users.zu2, "公车私用") == {clues["water"].serial}
    assert _found(world.users.zu2, "李红梅") == set()
    assert _found(world.users.zu2, clues["car"].serial) == set()


def test_a_query_without_words_matches_nothing(world, clues):
    assert search.query_tokens("，。！ ") == []
    assert _found(world.users.anguan, "，。！") == set()


def test_tokens_cover_every_substring_of_chinese_text():
    tokens = set(search.text_tokens(["王建国同志", "XS-2026-000123"]))
    assert {"王", "建国", "王建", "同志", "国同"} <= tokens
    assert {"xs", "2026", "000123"} <= tokens
    assert "-" not in "".join(tokens)


def test_query_words_follow_the_domain_dictionary():
    # One word: its pairs are required, with no pair straddling it and the next word.
    assert search.query_tokens("派驻纪检监察组谈话函询") == [
        "派驻",
        "驻纪",
        "纪检",
        "检监",
        "监察",
        "察组",
        "谈话",
        "话函",
        "函询",
    ]


def _report(world, facts, *, named=(), identity=None, user=None):
    data = ReportInput(
        facts=facts,
        categories=["integrity"],
        named=[NamedPerson(name=n, unit_text="", post="科长") for n in named],
        unit=world.edu,
        identity=identity or Identity(),
    )
    return intake_services.register_report(
        user or world.users.xinfang, data, channel="letter", received_on=datetime.date(2026, 3, 2)
    )


def _reports_found(user, q) -> set[str]:
    qs, _ = intake_queries.filtered(user, {"q": q})
    return set(qs.values_list("serial", flat=True))


def test_report_found_by_its_facts_and_named_person_but_never_by_the_reporter(world):
    identity = Identity(name="刘晓燕", unit="市第一中学", contact="13812345678", id_number="110101199001011234")
    report = _report(world, "基建科科长在食堂招标中收受承包商购物卡。", named=["孙志刚"], identity=identity)
    other = _report(world, "某科室违规发放津补贴。")
    xinfang = world.users.xinfang
    assert _reports_found(xinfang, "购物卡") == {report.serial}
    assert _reports_found(xinfang, "孙志刚") == {report.serial}
    assert _reports_found(xinfang, report.serial) == {report.serial}
    assert _reports_found(xinfang, "津补贴") == {other.serial}
    for secret in ("刘晓燕", "晓燕", "第一中学", "13812345678", "110101199001011234"):
        assert _reports_found(xinfang, secret) == set()
    entry = SearchEntry.objects.get(object_id=report.pk, content_type__model="report")
    assert "晓燕" not in entry.tokens and "13812345678" not in entry.tokens


def test_a_forwarded_report_leaves_the_index(world):
    report = _report(world, "反映某局长收受购物卡。", named=["孙志刚"])
    intake_services.forward_report(world.users.xinfang, report, reason="higher_managed", forwarded_to="省纪委监委")
    assert not SearchEntry.objects.filter(object_id=report.pk, content_type__model="report").exists()
    assert _reports_found(world.users.xinfang, "购物卡") == set()


def test_reindex_rebuilds_rows_written_past_the_services(world, clues):
    bulk = Clue.objects.create(
        serial="XS-2026-009999",
        source_kind=Source.OTHER,
        received_on=datetime.date(2026, 3, 3),
        unit=world.edu,
        summary="反映其违规兼职取酬。",
    )
    SearchEntry.objects.filter(object_id=clues["car"].pk).delete()
    SearchEntry.objects.create(content_type=ContentType.objects.get_for_model(Clue), object_id=987654, tokens="孤儿")
    anguan = world.users.anguan
    assert _found(anguan, "兼职取酬") == set()
    out = io.StringIO()
    call_command("reindex", "--batch-size", "2", stdout=out)
    assert "clues.Clue：已索引 4 条" in out.getvalue()
    assert _found(anguan, "兼职取酬") == {bulk.serial}
    assert _found(anguan, "公车私用") == {clues["car"].serial, clues["water"].serial}
    assert SearchEntry.objects.filter(content_type__model="clue").count() == Clue.objects.count()
    assert not SearchEntry.objects.filter(object_id=987654).exists()
    assert Report.objects.count() == SearchEntry.objects.filter(content_type__model="report").count()


def test_the_index_is_used_not_a_scan(world, clues):
    qs = search.matching(Clue.objects.all(), "公车私用")
    sql = str(qs.query)
    if connection.vendor == "postgresql":
        assert "@@" in sql
    else:
        assert "core_searchentry_fts MATCH" in sql
    assert "LIKE" not in sql.upper()


def test_renaming_a_cadre_or_a_unit_updates_the_entries_that_name_them(world, clues):
    from paizhu.org.services import save_person

    deputy = world.edu_deputy
    deputy.name = "李虹梅"
    save_person(world.users.guanli, deputy)
    assert _found(world.users.zu4, "李虹梅") == {clues["car"].serial}
    assert _found(world.users.zu4, "李红梅") == set()
    world.fin.name = "测试市财政和国资局"
    world.fin.save()
    assert _found(world.users.zu4, "国资局") == {clues["meal"].serial}


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(
        alphabet="王建国李红梅公车私用违规发放津补贴派驻纪检监察组谈话函询的了，。 㐀䶵鿕鿿", min_size=1, max_size=40
    ),
    data=st.data(),
)
def test_every_piece_of_chinese_text_is_found(text, data):
    """Recall: whatever jieba makes of a query, any substring of the indexed text yields only indexed tokens."""
    start = data.draw(st.integers(0, len(text) - 1))
    piece = text[start : data.draw(st.integers(start + 1, len(text)))]
    assert set(search.query_tokens(piece)) <= set(search.text_tokens([text]))


def load(ctx):
    """A demo loader (see the test below) that writes past the services, as the real loaders do."""
    from paizhu.org.models import Unit

    Clue.objects.bulk_create(
        [
            Clue(
                serial="XS-2026-008888",
                source_kind=Source.OTHER,
                received_on=datetime.date(2026, 3, 3),
                unit=Unit.objects.get(name="测试市水利局"),
                summary="反映其违规经商办企业。",
            )
        ]
    )
    return "一条线索"


def test_the_demo_runner_indexes_what_its_loaders_bulk_created(world):
    from paizhu.core import demo

    demo.run(loaders=(__name__,))
    assert _found(world.users.anguan, "经商办企业") == {"XS-2026-008888"}


@pytest.mark.parametrize(
    "query", ["①②", "Ⅻ", "_", "e\u0301", "😀公车", "ß İ", "a'b\"c", "\\", "AND OR NOT", "*", "x" * 200]
)
def test_odd_queries_never_break_the_database_query(world, clues, query):
    list(search.matching(Clue.objects.all(), query))
