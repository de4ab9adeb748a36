"""Test settings come from the environment before Django loads: SQLite in a temp dir by default,
PostgreSQL when PAIZHU_TEST_DATABASE_URL is set (CI sets both runs)."""

import os
import tempfile

os.environ["DJANGO_SETTINGS_MODULE"] = "paizhu.settings"

_tmp = tempfile.mkdtemp(prefix="paizhu-test-")
os.environ.setdefault("PAIZHU_VAR_DIR", _tmp)
os.makedirs(os.path.join(os.environ["PAIZHU_VAR_DIR"], "static"), exist_ok=True)
os.environ["PAIZHU_SECRET_KEY"] = "test-secret-key-not-for-production-0123456789"  # noqa: S105
os.environ["PAIZHU_TESTING"] = "1"
# Every page counts its navigation badges in the suite, so that the query-count tests measure them too
# (tests/accounts/test_navigation.py turns the one-minute memo back on).
os.environ["PAIZHU_NAV_BADGE_SECONDS"] = "0"
# Filter lists too (tests/access/test_choices.py turns their memo on): a process-wide cache outlives a test.
os.environ["PAIZHU_FILTER_CHOICES_SECONDS"] = "0"
os.environ.pop("PAIZHU_DEMO", None)
os.environ.setdefault("PAIZHU_DATA_KEY_FILE", os.path.join(_tmp, "data.key"))
if os.environ.get("PAIZHU_TEST_DATABASE_URL"):
    os.environ["PAIZHU_DATABASE_URL"] = os.environ["PAIZHU_TEST_DATABASE_URL"]
    os.environ.setdefault("PAIZHU_TEST_DB_NAME", f"test_paizhu_{os.getpid()}")
else:
    os.environ["PAIZHU_DATABASE_URL"] = f"sqlite:///{_tmp}/test.sqlite3"


import django  # noqa: E402 - the environment above must be set before Django reads its settings

django.setup()
pytest_plugins = ["tests.fixtures"]

from django.conf import settings as _settings  # noqa: E402

os.makedirs(_settings.STATIC_ROOT, exist_ok=True)  # per pytest-xdist worker (settings.VAR_DIR)


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings, request):
    """Argon2 is deliberately slow; tests that check hashing itself opt out with @pytest.mark.real_hashing."""
    if "real_hashing" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _data_key():
    """Tests run in production mode, where a missing key file is an error: give the run its own key."""
    import contextlib

    from django.conf import settings

    from paizhu.core import crypto

    # pytest-xdist workers inherit the controller's settings and share its key: the first one writes it.
    with contextlib.suppress(FileExistsError):
        if not os.path.exists(settings.DATA_KEY_FILE):
            crypto.init_key_file()


@pytest.fixture(autouse=True)
def _flushable_audit_trail(request):
    """Transactional tests end with a flush (TRUNCATE of every table), which PostgreSQL's append-only
    trigger refuses for the audit trail. Ordinary triggers are skipped for that flush only: this
    fixture depends on `transactional_db`, so it is torn down just before the flush, and Django closes
    the connection right after it, which ends the setting."""
    from django.db import connection

    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not transactional or connection.vendor != "postgresql":
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`make test` runs `-n 2 --dist loadgroup`) a module stays on one worker, so its
    module-scoped fixtures (the demo city, a browser) are set up once, and all browser tests share one
    worker: two Chromiums and two live servers on a 2-core machine only make each other time out."""
    for item in items:
        group = "browser" if item.nodeid.startswith("tests/browser/") else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))


def pytest_sessionstart(session):
    from tests import audit_invariant

    audit_invariant.install()


@pytest.fixture(autouse=True)
def _services_audit_themselves():
    """Fail the test during which a service returned without auditing itself in its own transaction."""
    from tests import audit_invariant

    start = len(audit_invariant.violations)
    yield
    found = sorted(set(audit_invariant.violations[start:]))
    if found:
        pytest.fail("services that do not audit themselves in their own transaction:\n" + "\n".join(found))
