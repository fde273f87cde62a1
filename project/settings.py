"""Settings for the claims ledger, read from the environment in this one module.

Defaults are safe for a laptop: SQLite in the project folder, DEBUG off, localhost only.
Every variable is documented in the README ("Configuration").
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    """The variable's value; unset and empty (``DATABASE_URL= make run``) both mean default."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_rate(name: str, default: str) -> str | None:
    """A DRF throttle rate such as ``600/min``; ``off`` disables the limit."""
    raw = os.environ.get(name, default).strip()
    if raw.lower() in {"off", "none", ""}:
        return None
    if not re.fullmatch(r"[0-9]+/(s|sec|second|m|min|minute|h|hour|d|day)", raw):
        raise ImproperlyConfigured(f"{name} must look like 600/min (or off), got {raw!r}")
    return raw


DEBUG = env_bool("DEBUG", False)

# The built-in key is public (it is in this file). Commands, tests and `make run` may use it;
# serving with it while DEBUG is off is refused (project/wsgi.py) unless ALLOW_DEV_SECRET_KEY
# says this is a local run — `make run` says so.
DEV_SECRET_KEY = "django-insecure-local-development-key-do-not-use-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
ALLOW_DEV_SECRET_KEY = env_bool("ALLOW_DEV_SECRET_KEY", False)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY and env_bool("REQUIRE_SECRET_KEY", False):
    raise ImproperlyConfigured("SECRET_KEY must be set when REQUIRE_SECRET_KEY is on")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "corsheaders",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "claims",
]

MIDDLEWARE = [
    "project.db.deadlines.RequestDeadlineMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "claims.api.limits.BodyLimitMiddleware",
    "claims.api.errors.ApiErrorMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out admin login into its answer.
    "axes.middleware.AxesMiddleware",
]

# The admin login locks an address out after repeated failures (django-axes, its attempts
# kept in the database). Logins outside a request (the test client, a shell) are not counted.
AUTHENTICATION_BACKENDS = [
    "claims.auth.AdminLoginLockout",
    "claims.auth.PermissionsInOneQuery",
]
AXES_FAILURE_LIMIT = env_int("ADMIN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_float("ADMIN_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "claims.auth.client_address"
AXES_LOCKOUT_CALLABLE = "claims.auth.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_ONLY_ADMIN_SITE = True
AXES_VERBOSE = False  # no banner on every command; lockouts are still logged as warnings
# Not in the admin (its pages are read-only): `manage.py axes_reset_ip ADDRESS` lifts a lockout.
AXES_ENABLE_ADMIN = False

ROOT_URLCONF = "project.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "project.wsgi.application"

# SQLite in the project folder unless DATABASE_URL says otherwise (PostgreSQL in CI and
# production). Health checks stop the first request after a database restart from failing
# on a stale persistent connection; on PostgreSQL they cost no query (project/db).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

# How long a request waits on the database (project/db/deadlines.py). Client-side, because a
# frozen or unreachable server never answers and the kernel still acknowledges what is sent:
# connecting and each statement, fetch or commit end with a 503 after DB_WAIT_TIMEOUT
# seconds. Requests on DB_BULK_PATHS (imports) get DB_BULK_WAIT_TIMEOUT. Commands, migrations
# and the shell wait as long as they need.
DB_WAIT_TIMEOUT = env_float("DB_WAIT_TIMEOUT", 2.0)
DB_BULK_WAIT_TIMEOUT = env_float("DB_BULK_WAIT_TIMEOUT", 120.0)
DB_BULK_PATHS = env_list("DB_BULK_PATHS", [r"/api/v1/imports/"])
READYZ_WAIT_TIMEOUT = env_float("READYZ_WAIT_TIMEOUT", 1.0)
# Behind PgBouncer in transaction mode: no prepared statements (unless PgBouncer >= 1.21 with
# max_prepared_statements) and no startup options (set the limits with ALTER ROLE … SET).
DB_PGBOUNCER = env_bool("DB_PGBOUNCER", False)
DB_STARTUP_OPTIONS = env_bool("DB_STARTUP_OPTIONS", not DB_PGBOUNCER)
DB_PARALLEL_WORKERS = env_int("DB_PARALLEL_WORKERS", 0)  # per Gather; 0: none
# Server-side limits, in milliseconds, on the connections requests open (0: not sent):
# a runaway statement or a lock wait ends in the server, and a statement whose client gave up
# is abandoned there.
DB_REQUEST_LIMITS = {
    "statement_timeout": env_int("DB_STATEMENT_TIMEOUT", 30_000),
    "lock_timeout": env_int("DB_LOCK_TIMEOUT", 1_000),
    "client_connection_check_interval": env_int("DB_CLIENT_CHECK_INTERVAL", 1_000),
}


def _prepare_threshold() -> int | None:
    raw = os.environ.get("DB_PREPARE_THRESHOLD", "off" if DB_PGBOUNCER else "5").strip().lower()
    if raw in {"off", "none", ""}:
        return None
    return env_int("DB_PREPARE_THRESHOLD", 5)


if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "project.db"
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    # Server-side parameters, and psycopg preparing a query once it has run
    # DB_PREPARE_THRESHOLD times on a connection: PostgreSQL then skips parsing and
    # planning it. Django passes prepare_threshold=None (nothing is ever prepared) unless
    # OPTIONS names it; server-side binding alone prepares nothing.
    _options["server_side_binding"] = env_bool("DB_SERVER_SIDE_BINDING", True)
    _options["prepare_threshold"] = _prepare_threshold()
    _options["connect_timeout"] = env_int("DB_CONNECT_TIMEOUT", 5)
    if DB_STARTUP_OPTIONS:
        # Sessions start in UTC, so Django need not send SET TIME ZONE on each connection.
        # No parallel workers by default: a page is a few milliseconds of work, and the
        # planner's parallel plan for a kind + topic page took 26-48 ms against 4-14 ms
        # without (EXPLAIN ANALYZE on the 1,000,000-claim bench ledger, bench/RESULTS.md).
        _options["options"] = (
            f"-c TimeZone=UTC -c max_parallel_workers_per_gather={DB_PARALLEL_WORKERS}"
        )

elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "project.sqlite"  # flushes in an order the triggers accept
    # Two gunicorn workers share the file. Writers take the lock when their transaction
    # begins (IMMEDIATE), so a reader upgrading to a writer never deadlocks; a writer waits
    # for the lock instead of failing at once; WAL lets readers go on while one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_TIMEOUT", 20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Tables the database derives are not data: dumpdata and loaddata leave them out.
DATABASE_ROUTERS = ["claims.routers.DerivedTablesRouter"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# A shared cache (Redis) when configured, so throttles and cached responses are shared by
# every gunicorn worker; otherwise a per-process memory cache. Redis calls wait at most
# REDIS_TIMEOUT seconds; after a failure each process leaves Redis alone for
# REDIS_BREAKER_SECONDS (project/cache.py): pages are built, throttles count per process.
REDIS_URL = env_str("REDIS_URL", "")
REDIS_TIMEOUT = env_float("REDIS_TIMEOUT", 0.25)
REDIS_BREAKER_SECONDS = env_float("REDIS_BREAKER_SECONDS", 5.0)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_TIMEOUT,
                "CONNECTION_POOL_CLASS": "project.cache.BreakerConnectionPool",
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_ALLOW_ALL_ORIGINS = env_bool("CORS_ALLOW_ALL_ORIGINS", False)
CORS_URLS_REGEX = r"^/api/.*$"
# Browsers may only read these response headers cross-origin if told so.
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Retry-After",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-Ledger-Version",
    "X-Snapshot-At",
    "Deprecation",
    "Sunset",
    "Link",
]
CORS_ALLOW_HEADERS = [
    "accept",
    "authorization",
    "content-type",
    "if-match",
    "if-modified-since",
    "if-none-match",
    "user-agent",
    "x-csrftoken",
    "x-requested-with",
]

# --- The HTTP API (claims.api; docs/api.md) -----------------------------------------------
# Cache-Control max-age, in seconds, on anonymous reads.
API_CACHE_MAX_AGE = env_int("CACHE_MAX_AGE", 60)
# How long rendered answers stay in the cache (0: off). Keys include the ledger version, so
# a write makes every cached answer unreachable at once; this only bounds memory use.
API_RESPONSE_CACHE_SECONDS = env_int("API_RESPONSE_CACHE_SECONDS", 300)
API_THROTTLE_RATES = {
    "anon": env_rate("THROTTLE_ANON", "600/min"),
    "user": env_rate("THROTTLE_USER", "6000/min"),
    "write": env_rate("THROTTLE_WRITE", "300/min"),
}

REST_FRAMEWORK = {
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "ALLOWED_VERSIONS": ["v1"],
    # Views outside /api/<version>/ (the schema) are served as v1.
    "DEFAULT_VERSION": "v1",
    "DEFAULT_RENDERER_CLASSES": ["claims.api.renderers.ORJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.JSONParser"],
    # Token first, so a refused request is a 401 with WWW-Authenticate: Token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["claims.auth.LedgerPermission"],
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.api.throttling.AnonRateThrottle",
        "claims.api.throttling.UserRateThrottle",
        "claims.api.throttling.WriteRateThrottle",
    ],
    # How many proxies in front of gunicorn set X-Forwarded-For; 0 trusts only REMOTE_ADDR.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
    "DEFAULT_SCHEMA_CLASS": "claims.api.openapi.AutoSchema",
    "DEFAULT_METADATA_CLASS": "claims.api.renderers.PlainMetadata",
    "EXCEPTION_HANDLER": "claims.api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Claims ledger API",
    "DESCRIPTION": (
        "Sourced, structured claims — percentages, areas, rates, counts, money, proposals — "
        "each tied to the exact quote and character offsets in its source document. "
        "Anyone reads; curators and reviewers write with a token. Cursor-paged lists, "
        "conditional GET (`ETag`), `If-Match` on every edit, links from each answer to the "
        "operations it enables. Errors share one shape (`Error`). Guide: docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE": False,
    "ENUM_NAME_OVERRIDES": {
        "ClaimKindEnum": "claims.models.ClaimKind",
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "ModalityEnum": "claims.models.Modality",
        "PrecisionEnum": "claims.models.Precision",
        "StanceEnum": "claims.models.Stance",
        "ActorKindEnum": "claims.models.ActorKind",
        "SourceKindEnum": "claims.models.SourceKind",
        "ProposalStatusEnum": "claims.models.ProposalStatus",
        "RankEnum": "claims.models.Rank",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.openapi.document_headers_and_links",
        "claims.api.openapi.document_no_nul_strings",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Production hardening (README "Operations"): behind TLS, SECURE_SSL turns on the redirect
# and secure cookies; each can also be set alone. `check --deploy --fail-level WARNING` is
# clean with the production settings the README lists.
SECURE_SSL = env_bool("SECURE_SSL", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_SSL)
# Load balancers probe over plain HTTP: the probes are not redirected.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", SECURE_SSL)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SECURE_SSL)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# The group that `create_curator` puts people in; its permissions are set by a migration.
# Request bodies (claims.api.limits, checked on Content-Length before anything is read):
# imports over HTTP take IMPORT_MAX_BYTES (larger files use `manage.py import_ledger`),
# every other request API_MAX_BODY_BYTES.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(IMPORT_MAX_BYTES, API_MAX_BODY_BYTES)

CURATORS_GROUP = "curators"
REVIEWERS_GROUP = "reviewers"

SIMPLE_HISTORY_REVERT_DISABLED = False

# dumpdata/loaddata keep timestamps to the microsecond (claims.serialization).
SERIALIZATION_MODULES = {"json": "claims.serialization"}
