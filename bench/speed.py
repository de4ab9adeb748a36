"""Server time of the intake steps users waited on (issue 10 item 8), on the demo data.

    .venv/bin/python bench/speed.py                 # builds the demo city in a temp dir first (~2 min)
    PAIZHU_VAR_DIR=var .venv/bin/python bench/speed.py   # works on a copy of an existing demo database

Each case runs in-process through Django's test client (no network, no browser), so the time is the
server's: middleware, form, service, template. Cases, each REPEATS times, p50/p95 in ms:
  1. 信访室 registers a report (POST /intake/new/ with a named person and a subject from the roster);
  2. the public submits a report (POST /report/, challenge answered);
  3. the receipt lookup (POST /report/status/) with a right code and with a wrong one;
  4. the commission-wide intake export (GET /intake/export/ as 信访室, every report of the demo city).
Target: each under 500 ms of server time.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
REPEATS = int(os.environ.get("BENCH_REPEATS", "15"))

_tmp = tempfile.mkdtemp(prefix="paizhu-speed-")
_source = os.environ.get("PAIZHU_VAR_DIR")
if _source:
    for name in ("paizhu.sqlite3", "data.key"):
        shutil.copy(Path(_source) / name, Path(_tmp) / name)
os.environ["PAIZHU_VAR_DIR"] = _tmp
os.environ["PAIZHU_DEMO"] = "1"
os.environ["DJANGO_SETTINGS_MODULE"] = "paizhu.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

if not _source:
    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0)

setup_test_environment()  # the test client needs it; it also keeps sent mail in memory

from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from paizhu.accounts.models import User  # noqa: E402
from paizhu.accounts.stepup import OTP_AT_SESSION_KEY  # noqa: E402
from paizhu.intake import forms  # noqa: E402
from paizhu.intake.models import Report  # noqa: E402
from paizhu.org.models import Person  # noqa: E402

forms.CHALLENGE_MIN_SECONDS = 0  # the anti-bot pause is the reader's time, not the server's


def signed_in(username: str) -> Client:
    user = User.objects.get(username=username)
    client = Client(REMOTE_ADDR="127.0.0.1")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[OTP_AT_SESSION_KEY] = time.time()
    session.save()
    return client


def timed(fn) -> list[float]:
    fn()  # warm: imports, template compilation, the first connection
    out = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


FACTS = "反映该局副局长在节假日多次驾驶公车外出办私事，并安排下属报销其个人餐费，群众意见较大，请予核查。"


def staff_registration():
    client = signed_in("xinfang")
    person = Person.objects.filter(unit__isnull=False).order_by("pk")[5]

    def post():
        response = client.post(
            "/intake/new/",
            {
                "channel": "letter",
                "received_on": time.strftime("%Y-%m-%d"),
                "kind": "accusation",
                "unit": person.unit_id,
                "facts": FACTS,
                "subjects": [person.pk],
                "name_0": "张某某",
                "named_unit_0": person.unit_id,
                "post_0": "科长",
                "reporter_name": "李某",
                "reporter_contact": "13800001234",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]

    return timed(post)


def public_submission():
    client = Client(REMOTE_ADDR="127.0.0.1")

    def post():
        from django.core.cache import cache

        cache.clear()  # the per-address rate limit would refuse the bench's own repeats
        question, token = forms.new_challenge()
        a, b = question.split("加")[0], question.split("加")[1].split("等于")[0]
        answer = _from_chinese(a) + _from_chinese(b)
        response = client.post(
            "/report/",
            {
                "mode": "anonymous",
                "kind": "accusation",
                "facts": FACTS,
                "name_0": "王某",
                "post_0": "副局长",
                "challenge_token": token,
                "challenge_answer": str(answer),
            },
        )
        assert b"receipt-code" in response.content, response.content.decode()[:3000]
        codes.append(response)

    codes: list = []
    return timed(post), codes


def _from_chinese(text: str) -> int:
    digits = "零一二三四五六七八九"
    if "十" not in text:
        return digits.index(text)
    tens, _, ones = text.partition("十")
    return (digits.index(tens) if tens else 1) * 10 + (digits.index(ones) if ones else 0)


def receipt_lookup(code: str, right: bool):
    client = Client(REMOTE_ADDR="127.0.0.1")

    def post():
        from django.core.cache import cache

        cache.clear()
        response = client.post("/report/status/", {"code": code})
        assert (
            b"\xe6\x9f\xa5\xe8\xaf\xa2\xe7\xa0\x81\xe4\xb8\x8d\xe6\xad\xa3\xe7\xa1\xae" not in response.content
        ) == right

    return timed(post)


def commission_export():
    client = signed_in("xinfang")

    def get():
        response = client.get("/intake/export/")
        assert response.status_code == 200, response.status_code
        b"".join(response.streaming_content) if response.streaming else response.content

    return timed(get)


def _code_of(response) -> str:
    import re

    groups = re.findall(rb'class="receipt-group[^"]*">([A-Z0-9]{4})<', response.content)
    return "".join(g.decode() for g in groups)


def main():
    rows = []
    rows.append(("信访室登记举报 POST /intake/new/", staff_registration()))
    public, responses = public_submission()
    rows.append(("网上举报提交 POST /report/", public))
    code = _code_of(responses[-1])
    if len(code) == 20:
        rows.append(("查询码查询（正确）", receipt_lookup(code, True)))
        wrong = code[:4] + ("A" if code[4] != "A" else "B") + code[5:]
        rows.append(("查询码查询（错误）", receipt_lookup(wrong, False)))
    else:
        print("receipt code not found on the receipt page; lookup cases skipped", file=sys.stderr)
    rows.append((f"信访举报导出（全市 {Report.objects.count()} 件）", commission_export()))
    print("| case | p50 ms | p95 ms | runs |\n| --- | --- | --- | --- |")
    for name, times in rows:
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        print(f"| {name} | {statistics.median(times):.0f} | {p95:.0f} | {len(times)} |")


if __name__ == "__main__":
    main()
