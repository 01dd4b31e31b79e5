"""Settings for Hotspot, read once from the environment (django-environ).

Defaults make a laptop run with nothing installed: an SQLite file and an
embedded Celery broker (kombu's filesystem transport, shared by web, worker
and beat through a folder). Production differs only through environment
variables; a bad value stops the start with a message naming the variable.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))


def _read(name, reader, **kwargs):
    """Read one variable; re-raise any parse error naming the variable."""
    try:
        return reader(name, **kwargs)
    except ImproperlyConfigured:
        raise
    except Exception as exc:  # a malformed value: say which variable and why
        raise ImproperlyConfigured(f"Environment variable {name} has an invalid value: {exc}") from exc


TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off", ""}


def _bool(name, default):
    """A yes/no variable: true/false, 1/0, yes/no, on/off; anything else stops the start (django-environ
    would read "maybe" or "ture" as false without a word)."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS | FALSE_WORDS:
        return word in TRUE_WORDS
    raise ImproperlyConfigured(
        f"Environment variable {name} has an invalid value {raw!r}: use true or false (or 1/0, yes/no, on/off)."
    )


def _url(name, default, schemes):
    """An address variable whose scheme must be one of `schemes`."""
    raw = env.str(name, default=default)
    scheme, sep, rest = raw.partition("://")
    if raw and (not sep or scheme.lower() not in schemes):
        raise ImproperlyConfigured(
            f"Environment variable {name} has an invalid value {raw!r}: expected an address starting with "
            + " or ".join(f"{s}://" for s in sorted(schemes))
            + "."
        )
    return raw


DEBUG = _bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Environment variable SECRET_KEY is required when DEBUG is off (set DEBUG=true for local development)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG"

ALLOWED_HOSTS = _read("ALLOWED_HOSTS", env.list, default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = _read("CSRF_TRUSTED_ORIGINS", env.list, default=[])
_site = _read("SITE_URL", env.url, default="http://127.0.0.1:8000")
if _site.scheme not in ("http", "https") or not _site.netloc:
    raise ImproperlyConfigured(f"Environment variable SITE_URL must be an http(s) address, got {_site.geturl()!r}.")
SITE_URL = _site.geturl().rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "django_celery_beat",
    "health_check",
    "hotspot",
    "actors",
    "dialogue",
    "evaluation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hotspot.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

# BENCH_CEILING adds the benchmark's yardstick page /_ceiling/ (bench/pages.py); off in every real deployment.
BENCH_CEILING = _bool("BENCH_CEILING", default=False)
ROOT_URLCONF = "hotspot.bench_urls" if BENCH_CEILING else "hotspot.urls"

# Widget templates are found in templates/ too (widgets/lookup_select.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "actors.context_processors.user_roles",
                "hotspot.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "hotspot.wsgi.application"

# Database: SQLite file by default, DATABASE_URL (postgres://…) in production and tests.
DATABASES = {
    "default": _read("DATABASE_URL", env.db_url, default=f"sqlite:///{VAR_DIR / 'hotspot.sqlite3'}"),
}
if "." not in DATABASES["default"].get("ENGINE", ""):  # django-environ passes unknown schemes through
    raise ImproperlyConfigured(
        "Environment variable DATABASE_URL has an unknown scheme (use postgres:// or sqlite:///)."
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = True
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# Kept connections: a request reuses its process's connection instead of opening one (≈ 1–3 ms and a
# PostgreSQL backend fork each time). On by default in production; 0 closes after every request.
# A connection that died (PostgreSQL restarted) is detected before use and replaced. DATABASE_URL's own
# ?conn_max_age= wins over CONN_MAX_AGE.
DATABASES["default"].setdefault("CONN_MAX_AGE", _read("CONN_MAX_AGE", env.int, default=0 if DEBUG else 300))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

REDIS_URL = _url("REDIS_URL", "", {"redis", "rediss", "unix"})
if REDIS_URL:
    CACHES = {"default": _read("REDIS_URL", env.cache_url, default=REDIS_URL)}
else:
    # A folder, so web, worker and beat processes share it without a server.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = _read("STATIC_ROOT", env.path, default=str(VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# The hashed manifest needs `collectstatic`; development and tests serve straight from static/.
STATIC_MANIFEST = _bool("STATIC_MANIFEST", default=not DEBUG)
if not STATIC_MANIFEST:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
# Uploaded files are private: stored outside STATIC/any public URL, served by views that check access.
# Every file goes through default_storage (STORAGES["default"]), never a path on disk, so web nodes on
# several machines can share an S3-compatible store (MEDIA_STORAGE=s3, django-storages) instead.
MEDIA_ROOT = _read("MEDIA_ROOT", env.path, default=str(VAR_DIR / "private-media"))
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "s3":
    _bucket = env.str("S3_BUCKET", default="")
    if not _bucket:
        raise ImproperlyConfigured("Environment variable S3_BUCKET is required when MEDIA_STORAGE=s3.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "endpoint_url": _url("S3_ENDPOINT_URL", "", {"http", "https"}) or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("S3_PREFIX", default="private-media"),
            # Private: no public-read ACL, no public URL; files are streamed by the views that check access.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(
        f"Environment variable MEDIA_STORAGE has an invalid value {MEDIA_STORAGE!r}: use filesystem or s3."
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True
# SQLite (the laptop default) cannot enforce Role's NULL-aware uniqueness; model
# validation still refuses duplicates there, and PostgreSQL enforces it.
SILENCED_SYSTEM_CHECKS = ["models.W047"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console in development unless EMAIL_URL (smtp://host:port) is given.
EMAIL_CONFIG = _read("EMAIL_URL", env.email_url, default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="hotspot@kk.example")
# Where replies to a notification go (empty: no Reply-To; the From address is not read).
NOTIFICATION_REPLY_TO = env.str("NOTIFICATION_REPLY_TO", default="")

# Celery: an embedded broker by default (a folder, no server); Redis when configured.
CELERY_BROKER_URL = _url(
    "CELERY_BROKER_URL", REDIS_URL or "filesystem://", {"redis", "rediss", "filesystem", "amqp", "amqps", "memory"}
)
# A web request that hands a message to the broker must not wait for a broker that is down: one quick try,
# then the ledger row stays pending for the next scan (kombu's default retries cost ~6 s per request).
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1, "interval_max": 0.1}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery-broker"
    # The embedded broker is a folder; kombu expects it to exist in every process.
    _queue_dir.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery-processed").mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery-control").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        # kombu keeps its exchange table in ./control unless told otherwise; keep it in var/ too.
        "control_folder": str(VAR_DIR / "celery-control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = _bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "hotspot.tasks.heartbeat", "schedule": 60.0},
    # The one reminder scan: finds what falls due, claims each message once, resends stuck mail.
    "notifications-scan": {"task": "hotspot.notifications.tasks.scan", "schedule": 300.0},
    # Files held over a failed form submit (dialogue.escalations.pending) are removed after 24 hours.
    "pending-uploads-sweep": {"task": "dialogue.tasks.sweep_pending_uploads", "schedule": 3600.0},
    # Derived indicators are stored (evaluation.series): those whose inputs changed, every 5 minutes; all of
    # them at night, when the current period moves on.
    "derived-indicators": {"task": "evaluation.tasks.refresh_derived", "schedule": 300.0},
    "derived-indicators-nightly": {
        "task": "evaluation.tasks.refresh_derived",
        "schedule": crontab(hour=2, minute=30),
        "kwargs": {"force": True},
    },
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Sessions: with Redis, read from the cache and written through to the database (a restart of Redis
# logs nobody out); without it, the database. Either way every web node sees every session.
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if REDIS_URL else "db")
SESSION_COOKIE_HTTPONLY = True
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (see README, Production).
if _bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = _bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
