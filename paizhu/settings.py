"""One settings module, configured by PAIZHU_* environment variables.

Production is the default; `PAIZHU_DEMO=1` switches to demo mode (demo secret key allowed,
2FA optional, a banner on every page). Production refuses to start with the demo secret key.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("PAIZHU_VAR_DIR", Path.cwd() / "var"))
if os.environ.get("PAIZHU_TESTING") == "1" and os.environ.get("PYTEST_XDIST_WORKER"):
    # Parallel test workers inherit one environment: each keeps its own stored files below it.
    VAR_DIR = VAR_DIR / os.environ["PYTEST_XDIST_WORKER"]


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEMO_MODE = _env_bool("PAIZHU_DEMO")
DEBUG = _env_bool("PAIZHU_DEBUG")

DEMO_SECRET_KEY = "paizhu-demo-secret-key-never-use-in-production"  # noqa: S105 - the known demo key
SECRET_KEY = os.environ.get("PAIZHU_SECRET_KEY", DEMO_SECRET_KEY if DEMO_MODE else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("未设置 PAIZHU_SECRET_KEY：生产模式必须配置随机密钥（演示模式请设置 PAIZHU_DEMO=1）。")
if SECRET_KEY == DEMO_SECRET_KEY and not DEMO_MODE:
    raise ImproperlyConfigured("生产模式不得使用演示密钥：请设置 PAIZHU_SECRET_KEY。")

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("PAIZHU_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("PAIZHU_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("PAIZHU_DATABASE_URL", f"sqlite:///{VAR_DIR / 'paizhu.sqlite3'}"),
        conn_max_age=_env_int("PAIZHU_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not _env_bool("PAIZHU_DB_JIT"):
    # PostgreSQL's JIT compiles any plan its cost estimate calls large — and the estimates of scoped queries
    # over a big table are large — spending 0.7-0.9 s on a query that then runs in milliseconds; measured
    # in docs/benchmarks.md, it never paid off on these pages. PAIZHU_DB_JIT=1 keeps the server's setting.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()

if os.environ.get("PAIZHU_TEST_DB_NAME"):
    # Parallel test runs on one PostgreSQL server each get their own test database.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["PAIZHU_TEST_DB_NAME"]}

# The data key never sits in the database: reporter identity and attachments are encrypted with it.
DATA_KEY_FILE = Path(os.environ.get("PAIZHU_DATA_KEY_FILE", VAR_DIR / "data.key"))
DATA_CIPHER = os.environ.get("PAIZHU_DATA_CIPHER", "sm4-gcm")  # or aes-256-gcm

# The system administrator's copies of document templates, by app (`<dir>/clues/inquiry.docx`), override the
# shipped ones (`paizhu doc_templates` writes the shipped ones there to start from).
DOC_TEMPLATES_DIR = Path(os.environ.get("PAIZHU_DOC_TEMPLATES_DIR", VAR_DIR / "doc_templates"))
# The 文号 of issued documents: the commission's 机关代字 followed by each kind's 文种 character ("江纪" + "函"),
# unless DOC_NUMBER_PREFIXES names a kind's whole prefix ({"case_filing": "江纪立"}).
DOC_ORGAN_CODE = os.environ.get("PAIZHU_DOC_ORGAN_CODE", "江纪")
DOC_NUMBER_PREFIXES: dict[str, str] = {}

INSTALLED_APPS = [
    "paizhu.accounts.apps.PaizhuAdminConfig",  # django.contrib.admin with the system administrator's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "paizhu.core",
    "paizhu.org",
    "paizhu.accounts",
    "paizhu.access",
    "paizhu.audit",
    "paizhu.auditor",
    "paizhu.workflow",
    "paizhu.integrity",
    "paizhu.clues",
    "paizhu.intake",
    "paizhu.rectification",
    "paizhu.supervision",
    "paizhu.responsibility",
    "paizhu.api",
    "paizhu.guide",
]

# The reverse proxies whose X-Real-IP header names the client (Nginx on this host: PAIZHU_TRUSTED_PROXIES=127.0.0.1).
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("PAIZHU_TRUSTED_PROXIES", "").split(",") if p.strip()]

MIDDLEWARE = [
    "paizhu.core.middleware.TrustedProxyMiddleware",  # first: everything after sees the client's address
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "paizhu.core.middleware.BadgesAfterWriteMiddleware",  # a write counts the navigation badges again
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "paizhu.core.middleware.NoStoreMiddleware",  # Cache-Control: no-store for every logged-in response
    "paizhu.core.middleware.ApiErrorsAsJsonMiddleware",  # /api/ errors are JSON, never an HTML page
    "django_otp.middleware.OTPMiddleware",
    "paizhu.accounts.middleware.IdleTimeoutMiddleware",
    "paizhu.accounts.middleware.ActiveRoleMiddleware",
    "paizhu.accounts.middleware.RequireSecondFactorMiddleware",
    "paizhu.accounts.middleware.RequirePasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "paizhu.core.middleware.DomainErrorMiddleware",
    "paizhu.access.middleware.DeniedAccessMiddleware",  # after DomainErrorMiddleware: sees refusals first
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "paizhu.urls"
WSGI_APPLICATION = "paizhu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "paizhu.core.context_processors.platform",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "paizhu.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "paizhu.accounts.validators.NotUsernameValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout: 5 failures lock the account for 15 minutes (django-axes).
AXES_FAILURE_LIMIT = _env_int("PAIZHU_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = _env_int("PAIZHU_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "paizhu.accounts.views.locked_out"
# The lock lasts the announced 15 minutes from the locking failure; attempts while locked do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
# Lockout is per account, as the rules ask: office clients share NAT addresses, so locking an
# address would lock out a whole floor.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# HSTS for this host only, never its sibling hosts (other systems of the commission's intranet may still be on
# HTTP), and no browser preload list: that list is for public sites (paizhu check --deploy, docs/deployment.md).
SILENCED_SYSTEM_CHECKS += ["security.W005", "security.W021"]

# Several gunicorn workers or app nodes share one cache through Redis when PAIZHU_REDIS_URL is set: the public
# reporting rate limit, the used challenge tokens and the filter lists are then counted once for all of them.
# Sessions stay in the database, read through that cache (cached_db): Redis here may keep nothing on disk, and
# a restart of it must not log everyone out. Without Redis: each process's own memory, sessions in the database.
REDIS_URL = os.environ.get("PAIZHU_REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("PAIZHU_CACHE_PREFIX", "paizhu"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Sessions: idle timeout, browser-session cookies.
# How long the navigation's badges are kept in the session before they are counted again (core.navigation).
NAV_BADGE_SECONDS = _env_int("PAIZHU_NAV_BADGE_SECONDS", 60)
# How long a list page's filter lists (groups, units) are kept per acting grant (access.choices).
FILTER_CHOICES_SECONDS = _env_int("PAIZHU_FILTER_CHOICES_SECONDS", 60)
SESSION_IDLE_MINUTES = _env_int("PAIZHU_SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _env_bool("PAIZHU_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:
    # HTTPS ends at Nginx, which says so in X-Forwarded-Proto (deploy/nginx/paizhu.conf); gunicorn listens on
    # 127.0.0.1 only, so nobody else can send that header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = _env_int("PAIZHU_HSTS_SECONDS", 365 * 24 * 60 * 60)
CSRF_FAILURE_VIEW = "paizhu.core.views.csrf_failure"

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Two-factor authentication is required for roles that see clues, reports or audit (off in demo mode).
OTP_REQUIRED = _env_bool("PAIZHU_OTP_REQUIRED", default=not DEMO_MODE)
OTP_TOTP_ISSUER = "派驻监督工作平台"
# After n wrong codes the next attempt waits 2^(n-1) seconds (django-otp's throttling, per device).
OTP_TOTP_THROTTLE_FACTOR = 1

AUDIT_RETENTION_DAYS = max(180, _env_int("PAIZHU_AUDIT_RETENTION_DAYS", 3650))
BULK_VIEW_ALERT_COUNT = _env_int("PAIZHU_BULK_VIEW_ALERT_COUNT", 50)
BULK_VIEW_ALERT_MINUTES = _env_int("PAIZHU_BULK_VIEW_ALERT_MINUTES", 10)
# Refusals on existing records (access.denied) by one user: this many within the window raise one alert.
DENIED_ALERT_COUNT = _env_int("PAIZHU_DENIED_ALERT_COUNT", 5)
DENIED_ALERT_MINUTES = _env_int("PAIZHU_DENIED_ALERT_MINUTES", 10)
# An approved request to see a reporter's identity, messages and attachments lapses after this many
# (calendar) days; the expiry is stored on the request when it is approved.
IDENTITY_REVEAL_DAYS = max(1, _env_int("PAIZHU_IDENTITY_REVEAL_DAYS", 7))

LANGUAGE_CODE = "zh-hans"
# Chinese for the few framework strings Django's own catalogue lacks (paizhu/locale).
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG or DEMO_MODE or _env_bool("PAIZHU_TESTING"):
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = DEBUG or DEMO_MODE or _env_bool("PAIZHU_TESTING")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PAIZHU_LOG_LEVEL", "WARNING")},
}
