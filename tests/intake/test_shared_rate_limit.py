"""With PAIZHU_REDIS_URL the public reporting rate limit is one count for every worker: another process's
submissions and this one's add up (Redis at 127.0.0.1:6379; skipped, saying so, when it is not running)."""

import os
import subprocess
import sys
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from paizhu.intake.views import SUBMIT_LIMIT

REDIS_URL = os.environ.get("PAIZHU_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


def _redis_running() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not _redis_running(), reason=f"Redis 未运行（{REDIS_URL}）：共享限流测试需要它"),
]

OTHER_WORKER = """
import django
django.setup()
from django.conf import settings
from django.test import RequestFactory
from paizhu.intake.views import _rate_limited, SUBMIT_LIMIT
print(settings.CACHES["default"]["BACKEND"], settings.SESSION_ENGINE)
request = RequestFactory().post("/report/", REMOTE_ADDR="127.0.0.1")
print(*[_rate_limited(request, "submit", SUBMIT_LIMIT) for _ in range(int(__import__("sys").argv[1]))])
"""


def _other_worker(prefix: str, submissions: int) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(PAIZHU_REDIS_URL=REDIS_URL, PAIZHU_CACHE_PREFIX=prefix, DJANGO_SETTINGS_MODULE="paizhu.settings")
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", OTHER_WORKER, str(submissions)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\n")


def test_two_processes_share_one_count_of_public_submissions(client):
    prefix = f"paizhu-test-{uuid.uuid4().hex[:12]}"
    limit = SUBMIT_LIMIT[0]
    backend, other = _other_worker(prefix, limit - 1)[:2]
    assert backend == "django.core.cache.backends.redis.RedisCache django.contrib.sessions.backends.cached_db"
    assert other.split() == ["False"] * (limit - 1)  # the other worker let all of its submissions through

    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    try:
        with override_settings(CACHES=redis_cache):
            # This worker's first submission is the limit-th of the hour; the next one is refused.
            assert client.post(reverse("public_report:form"), {}).status_code == 200
            refused = client.post(reverse("public_report:form"), {})
            assert refused.status_code == 429
            assert "提交过于频繁" in refused.content.decode()
    finally:
        import redis

        server = redis.Redis.from_url(REDIS_URL)
        keys = list(server.scan_iter(f"{prefix}:*"))
        assert keys  # the shared count was in Redis
        server.delete(*keys)  # only this test's keys: the database is shared with other runs


def test_without_redis_each_process_counts_alone(client):
    """The control: in-memory caches do not see the other process's submissions."""
    import redis

    limit = SUBMIT_LIMIT[0]
    prefix = f"paizhu-test-{uuid.uuid4().hex[:12]}"
    _other_worker(prefix, limit)
    server = redis.Redis.from_url(REDIS_URL)
    server.delete(*server.scan_iter(f"{prefix}:*"))
    caches["default"].clear()
    for _ in range(limit):
        assert client.post(reverse("public_report:form"), {}).status_code == 200
