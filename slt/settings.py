"""Settings for SLT-tiltak, read from the environment.

Every value has a safe development default; production sets DEBUG=0, SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL. The helpers below refuse malformed values instead
of guessing, so a typo in the environment stops the server at start-up.
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value in ("1", "True", "true"):
        return True
    if value in ("0", "False", "false"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0 or true/false, got {value!r}")


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def envcolor(name: str, default: str) -> str:
    value = os.environ.get(name) or default
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ImproperlyConfigured(
            f"{name} must be a colour like #00586e, got {value!r}"
        )
    return value


# SQLite with several Gunicorn workers, and editors saving while the public reads:
# - IMMEDIATE: a transaction takes the write lock when it begins. Django's default
#   (DEFERRED) reads first and asks for the lock at its first write; when another
#   transaction already holds it, SQLite fails at once with «database is locked»
#   instead of waiting, as waiting could deadlock. Two editors saving at the same
#   moment would have lost an edit. Only writes open a transaction (no
#   ATOMIC_REQUESTS), so pages that read never take the lock.
# - timeout: how long a transaction waits for the lock before giving up (the
#   page then answers 503). Below Gunicorn's 30 s, above the longest write
#   (reindexing 20,000 tiltak takes about 13 s).
# - and `migrate` puts the database in WAL mode (tiltak.database.use_wal), so that
#   readers and the writer do not block each other, even while it commits.
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20}


def database_from_url(url: str) -> dict:
    """Translate DATABASE_URL (sqlite:///path or postgres://…) to a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative.db and sqlite:////absolute/path.db, as dj-database-url.
        name = parts.path[1:] if parts.path.startswith("/") else parts.path
        # Kept open between requests, as for PostgreSQL: opening costs more than
        # a page served from the cache.
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name or ":memory:",
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": SQLITE_OPTIONS,
        }
    if parts.scheme in ("postgres", "postgresql"):
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            # A socket directory may come as ?host=/path, as libpq allows.
            "HOST": options.pop("host", parts.hostname or ""),
            "PORT": str(parts.port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:// or postgres://, got {url!r}"
    )


DEBUG = envbool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-development-key-only-for-local-use"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

# --- Production: HTTPS, proxy and cookies (README «Drift») ---
# Origins other than the site's own that may POST forms, e.g. https://slt.kommune.no
# when a proxy rewrites the Host header.
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
# The site is reached over HTTPS only (a TLS-terminating proxy in front): plain HTTP
# is redirected and cookies are Secure. On by default whenever DEBUG is off.
HTTPS_ONLY = envbool("HTTPS_ONLY", not DEBUG)
# The proxy says which scheme the browser used. Only the proxy may reach the
# application (Gunicorn binds to 127.0.0.1 unless BIND says otherwise), so no
# one else can claim HTTPS with this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS_ONLY
# A load balancer may probe over plain HTTP (patterns match the path without "/").
SECURE_REDIRECT_EXEMPT = [r"^livez$", r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Forms (the admin's too) send the token from a hidden field, so scripts never need
# to read the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# A form that fails the check gets a Norwegian page that the CSP does not break.
CSRF_FAILURE_VIEW = "slt.views.csrf_failure"

INSTALLED_APPS = [
    # The admin; its titles are set in slt/urls.py.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    # Accounts: lockout after failed logins, two-factor codes (see «Staff accounts»).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "kontakter",
    "tiltak",
]

MIDDLEWARE = [
    # First, so the request id and the access line cover every other layer.
    "slt.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so static files (SVG among them) get the policies too.
    "slt.middleware.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Accounts: which device verified the user, then the staff session rules
    # (which need messages for «logged out after 12 hours»).
    "django_otp.middleware.OTPMiddleware",
    "tiltak.intern.login.LoginMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Accounts: turns a lockout into the Norwegian page; axes wants to come last.
    "axes.middleware.AxesMiddleware",
    # Last, so cached pages still get every header above.
    "tiltak.caching.PublicPageMiddleware",
]

# Every script and stylesheet is a static file, so nothing inline is allowed.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # Designsystemet draws its icons as data: SVGs in the stylesheet.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Production: security headers (README «Drift») ---
# HSTS is sent only on HTTPS responses, so development over HTTP never sees it.
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Stricter than strict-origin-when-cross-origin: other sites learn nothing, not
# even which page a visitor of «Er du bekymret?» left from.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent by slt.middleware.PermissionsPolicyMiddleware: the site uses none of these.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    ]
)
# Preloading is the domain owner's decision (the municipality's own domain), not
# this application's: HSTS for a year with subdomains is what we can promise.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

ROOT_URLCONF = "slt.urls"
WSGI_APPLICATION = "slt.wsgi.application"

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
                "slt.context_processors.kommune",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
# No ATOMIC_REQUESTS: a request that only reads opens no transaction (on SQLite
# one would take the write lock). The writes that change several rows run in
# transaction.atomic() where they are made: admin saves and actions, revert,
# import, restore and demo data.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Staff accounts: passwords, sessions, lockout, two-factor (tiltak/intern/login.py)

# Django's own validators with Norwegian messages (its nb catalogue lags behind).
# Visitors' pages and facet lists are cached per process, filed under the data's
# version (tiltak.caching), so no process can serve a page older than the last
# edit. CACHES_ENABLED=0 turns every cache off (the benchmark measures both).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
        if envbool("CACHES_ENABLED", True)
        else "django.core.cache.backends.dummy.DummyCache",
        # A list page is ~20 KB: this bounds each process's cache to ~40 MB.
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "tiltak.intern.passwords.UserAttributeSimilarityValidator"},
    {
        "NAME": "tiltak.intern.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "tiltak.intern.passwords.CommonPasswordValidator"},
    {"NAME": "tiltak.intern.passwords.NumericPasswordValidator"},
]

# Staff log in under /intern/ (tiltak.intern.urls), /admin/login/ leads there too;
# logging out is a POST.
LOGIN_URL = "intern:logg_inn"
LOGIN_REDIRECT_URL = "intern:tiltak"

# Logged out after 30 minutes without a request, and after 12 hours in any case
# (tiltak.intern.login.LoginMiddleware).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_MAX_AGE = timedelta(hours=12)

# axes checks the lockout before the password, ModelBackend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# 5 wrong passwords or codes for one username from one address lock that pair (and
# only that pair: the real user at another address still gets in) for 15 minutes;
# attempts while locked do not extend it.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "intern/sperret.html"
# axes has one limit; tiltak.intern.login.LockoutHandler adds the one per address.
AXES_HANDLER = "tiltak.intern.login.LockoutHandler"
# One address that has failed this often, whatever the usernames, is locked for
# AXES_COOLOFF_TIME too: trying many usernames with a few passwords each. High
# enough for an office behind one address where people mistype.
LOGIN_FAILURE_LIMIT_PER_ADDRESS = 20
# The client's address: REMOTE_ADDR, or CLIENT_IP_HEADER's (axes' AXES_IPWARE_*
# settings need django-ipware, which is not installed; this callable replaces it).
AXES_CLIENT_IP_CALLABLE = "tiltak.intern.login.client_ip"
# Behind the reverse proxy (deploy/nginx/slt-tiltak.conf), the header it sets to
# the address it saw: X-Real-IP (or X-Forwarded-For, of which only the last entry
# counts: exactly one proxy hop is trusted). Empty: REMOTE_ADDR, since a header a
# client can send itself must never decide whom we lock out. Behind a proxy with
# it empty every visitor is the proxy's address, and `check --deploy` warns
# (tiltak.intern.checks).
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
if CLIENT_IP_HEADER and not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", CLIENT_IP_HEADER):
    raise ImproperlyConfigured(
        "CLIENT_IP_HEADER must be a header name like X-Real-IP, "
        f"got {CLIENT_IP_HEADER!r}"
    )

# What axes keeps about logins (README «Personvern»): only what the lockout needs.
# No row per successful login (AccessLog) or per failure beyond the count
# (AccessFailureLog); a count (AccessAttempt) is deleted once it is older than
# AXES_COOLOFF_TIME, at the next login. Its log lines name neither the browser nor
# (AXES_SENSITIVE_PARAMETERS, masked) the username or the address.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]

# The name an authenticator app shows next to the code.
OTP_TOTP_ISSUER = "SLT-tiltak"
# Device keys are secrets: the admin lists devices without them.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål")]
# What Django's own nb catalogue lacks (its .mo files are committed, see the .po).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# Designsystemet comes from npm (`make install`); only its built CSS is served.
DESIGNSYSTEMET = BASE_DIR / "node_modules" / "@digdir"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("designsystemet/css", DESIGNSYSTEMET / "designsystemet-css" / "dist" / "src"),
    (
        "designsystemet/theme",
        DESIGNSYSTEMET / "designsystemet-theme" / "src" / "themes",
    ),
]
# In development (and tests, which turn DEBUG off after reading this file) WhiteNoise
# serves files straight from the finders, without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Production: request size (README «Drift») ---
# Nothing in the site or the admin uploads files. The largest form, the plan with
# its sections inline, sends 14 KB today (a tiltak 2 KB): 1 MB leaves ample room.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Measured on the seeded plan: the plan with its sections inline sends 131 fields,
# and a draft plan adds eight per tiltak in it, up to 80 (tiltak.admin.
# INLINE_MEMBERS): 131 + 640 and the forms' counters; a user sends 127, a group
# holding every permission 113, a tiltak with its actors and channels 77, a full
# page of the admin's list 100 + a few. 1,000 leaves room.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# --- Production: logging (README «Drift») ---
# One JSON line per record on stdout, each with the request's id
# (slt.middleware.RequestIdMiddleware logs one line per request as slt.request).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "slt.logs.RequestIdFilter"},
        "warning_without_traceback": {"()": "slt.logs.WarningWithoutTraceback"},
    },
    "formatters": {"json": {"()": "slt.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    # Replaces Django's own handlers (console in DEBUG, mail to ADMINS), so every
    # record is written once, as JSON.
    "loggers": {
        "django": {"level": "INFO"},
        # A request for a host not in ALLOWED_HOSTS (scanners, mostly): one line.
        "django.security.DisallowedHost": {"filters": ["warning_without_traceback"]},
        # axes.apps announces itself at every start, manage.py commands included.
        "axes.apps": {"level": "WARNING"},
    },
}

# Backups are Django's JSON with times to the microsecond (tiltak/backup.py).
SERIALIZATION_MODULES = {"json-exakt": "tiltak.backup"}

# The municipality whose plan this installation publishes.
KOMMUNE_NAVN = os.environ.get("KOMMUNE_NAVN", "Lillestrøm kommune")
# Its colour, used for the header band behind white text: needs 4.5:1 against white.
KOMMUNE_FARGE = envcolor("KOMMUNE_FARGE", "#00586e")
# Where «Forlat siden» leads: a neutral site that gives nothing away.
FORLAT_SIDEN_URL = os.environ.get("FORLAT_SIDEN_URL", "https://www.yr.no/")

# The plan text and the curated data the importer reads it with (see README).
HANDLINGSPLAN_FILE = BASE_DIR / "fixtures" / "source" / "handlingsplan-2023-2024.txt"
CURATION_FILE = BASE_DIR / "fixtures" / "source" / "kuratering.toml"
SEED_FIXTURE = BASE_DIR / "fixtures" / "handlingsplan.json"
# The curated content of «Er du bekymret?», built into the seed fixture.
BEKYMRET_FILE = BASE_DIR / "fixtures" / "source" / "er-du-bekymret.toml"
