"""kill -9 of gunicorn workers during writes: no committed record lost, the audit chain still verifies.

    .venv/bin/python bench/kill_worker.py                      # SQLite in a temp dir
    .venv/bin/python bench/kill_worker.py --database-url postgres://postgres@127.0.0.1:5432/paizhu_kill  # an EMPTY database

A fresh installation (migrate, keys init) is served by `paizhu serve` (gunicorn, 3 workers) on 127.0.0.1 only.
WRITERS threads submit public reports through the real form (CSRF token, the challenge question answered, each
"reporter" with its own X-Real-IP behind the trusted proxy 127.0.0.1, so the rate limit does not stop them) for
SECONDS; meanwhile a worker is killed with SIGKILL every few seconds while requests are in flight. Every receipt
code a writer was shown is a record the platform said it committed. At the end:
  - each such receipt code must find its report (services.find_by_receipt);
  - `paizhu audit verify` must pass;
  - reports in the database >= receipts shown (a killed request may have committed before its answer was lost).
Bounded: SECONDS (default 30) of writes, 127.0.0.1 only; exits 0 when all three hold.
"""

import argparse
import html
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

BIN = Path(sys.executable).parent
DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int:
    if "十" not in text:
        return DIGITS[text]
    tens, _, ones = text.partition("十")
    return (DIGITS[tens] if tens else 1) * 10 + (DIGITS[ones] if ones else 0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Writer(threading.Thread):
    def __init__(self, n: int, base: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.n, self.base, self.stop = n, base, stop
        self.receipts: list[str] = []
        self.failures: list[str] = []

    def run(self):
        i = 0
        while not self.stop.is_set():
            i += 1
            try:
                code = self.submit(f"198.18.{self.n}.{i % 250 + 1}")
                self.receipts.append(code)
            except Exception as exc:  # noqa: BLE001 - a killed worker drops the connection: counted, not fatal
                self.failures.append(
                    f"{type(exc).__name__} {exc}" if isinstance(exc, RuntimeError) else type(exc).__name__
                )

    def submit(self, address: str) -> str:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        headers = {"X-Real-IP": address}
        get = urllib.request.Request(f"{self.base}/report/", headers=headers)  # noqa: S310 - 127.0.0.1 only
        form = opener.open(get, timeout=30).read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        token = re.search(r'name="challenge_token" value="([^"]+)"', form).group(1)
        a, b = re.search(r"([一二三四五六七八九十]+)加([一二三四五六七八九十]+)等于多少", form).groups()
        time.sleep(3.2)  # the challenge refuses answers faster than a person (CHALLENGE_MIN_SECONDS)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf,
                "challenge_token": html.unescape(token),
                "challenge_answer": str(chinese_number(a) + chinese_number(b)),
                "mode": "real",
                "kind": "accusation",
                "facts": f"反映其违规收受礼金问题（压测 {address}）。",
                "name_0": "王某",
                "post_0": "科长",
                "reporter_name": "李某",
                "reporter_contact": "13800000000",
            }
        ).encode()
        request = urllib.request.Request(f"{self.base}/report/", data=data, headers=headers)  # noqa: S310
        page = opener.open(request, timeout=30).read().decode()
        groups = re.findall(r'<span class="receipt-group">([0-9A-Z]+)</span>', page)
        if not groups:
            errors = re.findall(r'class="(?:alert|invalid-feedback)[^"]*"[^>]*>(.*?)</div>', page, re.S)
            raise RuntimeError(" ".join(e.strip() for e in errors)[:200] or "no receipt")
        return "-".join(groups)


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(p) for p in children]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty database (default: SQLite in a temp dir)")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--writers", type=int, default=6)
    parser.add_argument("--kill-every", type=float, default=4.0)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="paizhu-kill-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAIZHU_", "PYTEST"))}
    env.update(
        PAIZHU_VAR_DIR=str(tmp / "var"),
        PAIZHU_DATA_KEY_FILE=str(tmp / "etc" / "data.key"),
        PAIZHU_SECRET_KEY=secrets.token_urlsafe(50),
        PAIZHU_DATABASE_URL=args.database_url or f"sqlite:///{tmp / 'paizhu.sqlite3'}",
        PAIZHU_TRUSTED_PROXIES="127.0.0.1",
        PAIZHU_WORKERS="3",
        PAIZHU_LOG_LEVEL="ERROR",
    )
    paizhu = str(BIN / "paizhu")
    subprocess.run([paizhu, "migrate", "--no-input", "-v", "0"], env=env, check=True)  # noqa: S603
    subprocess.run([paizhu, "keys", "init"], env=env, check=True, capture_output=True)  # noqa: S603
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp / "gunicorn.log").open("w")
    server = subprocess.Popen([paizhu, "serve", f"127.0.0.1:{port}"], env=env, stdout=log, stderr=log)  # noqa: S603
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/report/", timeout=10).read()  # noqa: S310 - 127.0.0.1 only
                break
            except OSError:  # URLError, a refused connection, a timeout while the workers boot
                time.sleep(0.5)
        stop = threading.Event()
        writers = [Writer(n, base, stop) for n in range(args.writers)]
        for w in writers:
            w.start()
        kills = 0
        started = time.monotonic()
        time.sleep(min(5.0, args.seconds / 3))
        while time.monotonic() - started < args.seconds:
            pids = worker_pids(server.pid)
            if pids:
                os.kill(secrets.choice(pids), signal.SIGKILL)
                kills += 1
            time.sleep(args.kill_every)
        stop.set()
        for w in writers:
            w.join(timeout=60)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        log.close()

    receipts = [code for w in writers for code in w.receipts]
    failures = [f for w in writers for f in w.failures]
    (tmp / "receipts.txt").write_text("\n".join(receipts), encoding="utf-8")
    check = f"""
from paizhu.intake import services
from paizhu.intake.models import Report
codes = open({str(tmp / "receipts.txt")!r}, encoding="utf-8").read().split()
missing = [c for c in codes if services.find_by_receipt(c) is None]
print(len(missing), Report.objects.count())
"""
    done = subprocess.run([paizhu, "shell", "-c", check], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    missing, reports = (int(x) for x in done.stdout.split()[-2:])
    verify = subprocess.run([paizhu, "audit", "verify", "--no-record"], env=env, capture_output=True, text=True)  # noqa: S603
    print(
        f"database: {env['PAIZHU_DATABASE_URL'].split(':')[0]}, {args.writers} writers, {args.seconds} s, {kills} workers killed"
    )
    print(
        f"receipts shown: {len(receipts)}; requests cut off by a kill: {len(failures)} ({', '.join(sorted(set(failures)))})"
    )
    print(f"reports in the database: {reports}; receipts without their report: {missing}")
    print(f"audit verify: exit {verify.returncode}: {(verify.stdout or verify.stderr).strip()}")
    ok = missing == 0 and verify.returncode == 0 and reports >= len(receipts) and kills > 0 and receipts
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
