"""Settings of Gõ Cửa, read from the environment (see .env.example).

Every variable goes through a typed helper of gocua.lib.env, which fails
loudly on a bad value.
"""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from gocua.lib.env import envbool, envint, envlist, envstr
from gocua.lib.errors import ConfigurationProblem

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("GOCUA_VAR_DIR", str(BASE_DIR / "var")))


def _secret_key() -> str:
    """SECRET_KEY from the environment, else generated once into var/."""
    if key := envstr("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _database() -> dict[str, Any]:
    url = envstr("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'gocua.sqlite3'}"
    try:
        parsed = dj_database_url.parse(url, conn_max_age=envint("DB_CONN_MAX_AGE", 0))
    except Exception as error:
        raise ConfigurationProblem(
            f"DATABASE_URL={url!r} không đọc được ({error}); dùng sqlite:////đường/dẫn.sqlite3 "
            "hoặc postgres://user@host:port/tên",
            f"cannot read DATABASE_URL={url!r} ({error}); use sqlite:////path.sqlite3 "
            "or postgres://user@host:port/name",
        ) from None
    config: dict[str, Any] = dict(parsed)
    engine = str(config.get("ENGINE", ""))
    if engine not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
        raise ConfigurationProblem(
            f"DATABASE_URL={url!r}: chỉ hỗ trợ SQLite và PostgreSQL",
            f"DATABASE_URL={url!r}: only SQLite and PostgreSQL are supported",
        )
    if engine == "django.db.backends.sqlite3":
        if not config.get("NAME"):
            raise ConfigurationProblem(
                f"DATABASE_URL={url!r} thiếu đường dẫn tệp SQLite",
                f"DATABASE_URL={url!r} has no SQLite file path",
            )
        # WAL lets readers (the web app) work while an import writes.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    else:
        # The indicators' statements group a city's households (hundreds of thousands):
        # with PostgreSQL's default 4 MB each hash and sort spills to disk (EXPLAIN ANALYZE,
        # a city of 1,000,000 residents: 20 MB written, 10% more CPU).
        options = config.setdefault("OPTIONS", {})
        if "options" not in options:
            options["options"] = f"-c work_mem={envstr('PG_WORK_MEM', '32MB')}"
    config["TEST"] = {"NAME": envstr("TEST_DATABASE_NAME") or None}
    return config


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "gocua.front.csrf.csrf_failure"
HTTPS = envbool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 12 * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS=1: served over HTTPS behind a reverse proxy (README "Deploying"): plain HTTP is
# redirected, browsers are told to use HTTPS only (HSTS), cookies travel over HTTPS only.
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "gocua.front",
    "gocua.orgunits",
    "gocua.accounts",
    "gocua.audit",
    "gocua.registry",
    "gocua.outreach",
    "gocua.indicators",
    "gocua.reports",
    "gocua.checker",
    "gocua.guides",
    "gocua.api",
    "gocua.field",
    "gocua.demo",
    "gocua.backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gocua.front.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gocua.accounts.middleware.PasswordChoiceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gocua.urls"
WSGI_APPLICATION = "gocua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            "string_if_invalid": envstr("TEMPLATE_STRING_IF_INVALID", ""),
            # |day and |day_time on every page: the one way dates are shown (gocua.lib.dates).
            "builtins": ["gocua.lib.datefilters"],
        },
    }
]

DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Failed logins are throttled per user name and address (django-axes).
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "gocua" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("UPLOAD_MAX_MB", 50) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

if envbool("GOCUA_FAST_PASSWORDS", False):  # tests only: hashing is not what they test
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Security (issue 12) -----------------------------------------------------------------
# How many personal IDs living elsewhere one person may look up in an hour (forms, import checks).
ID_LOOKUP_LIMIT_PER_HOUR = envint("ID_LOOKUP_LIMIT_PER_HOUR", 100)
# Behind a reverse proxy: its addresses or networks (comma-separated, e.g. "127.0.0.1,10.0.0.0/8").
# Requests from them take the client's address from X-Forwarded-For (gocua.front.security);
# without it the header is ignored. The login lock-out then counts per user name and real
# client address, and LOGIN_ADDRESS_FAILURE_LIMIT failures from one address over any user
# names (password spraying) lock that address for the cool-off time.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", [])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ConfigurationProblem(
            f"TRUSTED_PROXIES: {_proxy!r} không phải địa chỉ hay mạng IP",
            f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network",
        ) from None
# A trusted proxy also says whether the client came over HTTPS (X-Forwarded-Proto), so that
# HTTPS=1 behind it does not redirect forever; the header is dropped from anyone else.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None
LOGIN_ADDRESS_FAILURE_LIMIT = envint("LOGIN_ADDRESS_FAILURE_LIMIT", 15)
AXES_HANDLER = "gocua.accounts.lockout.LockoutHandler"
# Pages of signed-in people are not cached; a busy SQLite gets "try again" (503), not a 500.
MIDDLEWARE = [
    "gocua.front.security.ClientAddressMiddleware",
    *MIDDLEWARE,
    "csp.middleware.CSPMiddleware",
    "gocua.front.security.NoStoreMiddleware",
    "gocua.front.security.BusyDatabaseMiddleware",
]
# A strict Content-Security-Policy: the app loads nothing from elsewhere and runs no inline
# script. Inline style *attributes* stay allowed (bar widths, the letter's measured layout).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait this long for a write lock, then answer "busy, try again" (a page waited 20 s).
    DATABASES["default"]["OPTIONS"]["timeout"] = envint("SQLITE_BUSY_SECONDS", 8)
# A confirmed web import runs in a thread of the web process ("inline": in the request; tests).
IMPORT_JOBS = envstr("IMPORT_JOBS", "thread")
# Computed indicators are cached per unit, dates and data version (gocua.indicators.selectors).
INDICATORS_CACHE_SECONDS = envint("INDICATORS_CACHE_SECONDS", 600)
# Above a ward, the registry's rows are kept per ward under its data version
# (gocua.indicators.partial): checked against the versions on every read, so they may be
# kept longer; a city seen again after an idle hour reads only the wards changed since.
INDICATORS_WARD_ROWS_SECONDS = envint("INDICATORS_WARD_ROWS_SECONDS", 86400)
# A national instance reads the indicators from a Parquet snapshot (gocua analytics export):
# GOCUA_ANALYTICS_ENGINE=duckdb|spark over GOCUA_ANALYTICS_DATA=DIR; unset, the database.
GOCUA_ANALYTICS_ENGINE = envstr("GOCUA_ANALYTICS_ENGINE", "")
GOCUA_ANALYTICS_DATA = envstr("GOCUA_ANALYTICS_DATA", "")
GOCUA_SPARK_MASTER = envstr("GOCUA_SPARK_MASTER", "")
