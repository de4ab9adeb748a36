"""`paizhu check --deploy` refuses unsafe settings: the platform's own checks (paizhu.core.checks) beside Django's,
failing on warnings too."""

import os

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from paizhu import cli
from paizhu.core import checks, crypto

LONG_KEY = "k3Jx9-Qm2vZr8LwT5yNc1HbP7sFd4GaE6uWo0RiY_tUjXeKqVnMl"


@pytest.fixture
def safe(settings, tmp_path):
    """A production configuration that passes; each test breaks one thing."""
    settings.DEBUG = False
    settings.DEMO_MODE = False
    settings.OTP_REQUIRED = True
    settings.SECRET_KEY = LONG_KEY
    settings.ALLOWED_HOSTS = ["paizhu.jw.local"]
    settings.CSRF_TRUSTED_ORIGINS = ["https://paizhu.jw.local"]
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.REDIS_URL = "redis://127.0.0.1:6379/1"
    settings.DATA_KEY_FILE = tmp_path / "etc" / "data.key"
    crypto.init_key_file()
    return settings


def _ids() -> set[str]:
    found = {c.id for c in checks.platform_deploy_checks()}
    return found - {"paizhu.W005"}  # the suite's SQLite run: checked on its own below


def test_a_safe_configuration_passes_djangos_checks_and_ours(safe):
    if safe.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert "paizhu.W005" in {c.id for c in checks.platform_deploy_checks()}
        safe.SILENCED_SYSTEM_CHECKS = [*safe.SILENCED_SYSTEM_CHECKS, "paizhu.W005"]
    call_command("check", "--deploy", "--fail-level", "WARNING")
    assert _ids() == set()


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        ("DEMO_MODE", True, "paizhu.E001"),
        ("DEBUG", True, "paizhu.E002"),
        ("OTP_REQUIRED", False, "paizhu.E003"),
        ("SECRET_KEY", "paizhu-demo-secret-key-never-use-in-production", "paizhu.E004"),
        ("SECRET_KEY", "a" * 60, "paizhu.E004"),
        ("ALLOWED_HOSTS", ["*"], "paizhu.E005"),
        ("ALLOWED_HOSTS", ["127.0.0.1", "localhost"], "paizhu.W001"),
        ("SESSION_COOKIE_SECURE", False, "paizhu.E006"),
        ("CSRF_TRUSTED_ORIGINS", ["http://paizhu.jw.local"], "paizhu.E007"),
        ("REDIS_URL", "", "paizhu.W006"),
    ],
)
def test_each_unsafe_setting_is_named(safe, setting, value, expected):
    setattr(safe, setting, value)
    assert _ids() == {expected}
    if not expected.startswith("paizhu.W00"):  # an error fails even at Django's default level
        with pytest.raises(SystemCheckError, match=expected):
            call_command("check", "--deploy")


def test_the_key_file_missing_readable_by_others_or_inside_the_data_directory(safe, tmp_path):
    key = safe.DATA_KEY_FILE
    os.chmod(key, 0o644)
    assert _ids() == {"paizhu.E009"}
    os.chmod(key, 0o640)
    assert _ids() == set()
    key.unlink()
    assert _ids() == {"paizhu.E008"}
    safe.DATA_KEY_FILE = safe.VAR_DIR / "data-check.key"
    crypto.init_key_file()
    try:
        assert _ids() == {"paizhu.W002"}
    finally:
        safe.DATA_KEY_FILE.unlink()


def test_the_console_script_fails_on_warnings(safe, capsys):
    safe.ALLOWED_HOSTS = ["localhost"]  # a warning only
    with pytest.raises(SystemExit) as exit_:
        cli.main(["paizhu", "check", "--deploy"])
    assert exit_.value.code == 1
    assert "paizhu.W001" in capsys.readouterr().err
