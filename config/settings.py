"""Settings, read from the environment only here.

With no environment variable set, the service runs on an embedded default: a SQLite file under
var/, Celery tasks run eagerly in-process and emails are written as files under var/mail/.
Production sets DATABASE_URL (PostgreSQL) and REDIS_URL (Celery broker and cache).
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.secret_key import secret_keys

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)  # the embedded default keeps its database and emails here

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# SECRET_KEY signs the verification links. Without DEBUG it must be set and strong, or the process
# stops with one line saying why; with DEBUG and none set, the checkout keeps a key of its own.
# Old keys in SECRET_KEY_FALLBACKS keep their links valid while a new key is rolled out.
SECRET_KEY, SECRET_KEY_FALLBACKS = secret_keys(
    env.str("SECRET_KEY", default=""),
    env.list("SECRET_KEY_FALLBACKS", default=[]),
    debug=DEBUG,
    development_key_file=VAR_DIR / "development-secret-key",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "config.apps.CampaignAdminConfig",  # django.contrib.admin with config.admin.CampaignAdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "campaign",
    "petitions",
    "home",  # the campaign's home page: reads both apps above
    "config.apps.ProjectConfig",  # the project's own system checks (config/checks.py)
]

MIDDLEWARE = [
    # First: the request id covers every log record of the request, the health check included.
    "config.request_id.RequestIdMiddleware",
    # Before Host validation (CommonMiddleware) and sessions: see config/health.py.
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                # The campaign's name and what there is to sign, for every page's header.
                "home.context_processors.public_site",
            ],
        },
    },
]

# Database: PostgreSQL from DATABASE_URL in production and CI, a SQLite file otherwise.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a signature is written; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: Celery broker and cache when REDIS_URL is set; eager tasks and local memory otherwise.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, for which an unreachable Redis is a cache that keeps
            # nothing (config/cache.py): pages, signing and counts go on without it.
            "BACKEND": "config.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="petitions"),
            # A Redis that stops answering fails a call within a second instead of holding a
            # web worker; then it is not asked again for retry_seconds.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, "retry_seconds": 5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each process's own memory, for what every request reads and may be a second old: the answers
# to the count and petition APIs, and the rendered sign form. No network round trip at all.
CACHES["local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"}

# In-process (eager) tasks still open a broker connection: name its host, or kombu warns that
# none was supplied at every signature.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 4
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A short publish timeout: a Redis outage must not hold a signer's request; the outbox sweep
# (petitions.tasks.verification_emails_send_owed_task) sends what could not be enqueued.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "socket_connect_timeout": 2}
# And one retry of a publish, at once (a connection Redis dropped), not Celery's three 0.2 s
# apart, which held each signature 0.6 s while Redis was down: what could not be queued is in
# the database, and a beat task queues it again.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0}
# Emails have their own queue, so a burst of them (a campaign going viral) never delays the
# other tasks (exports, milestone checks), and each can get its own workers:
# `celery -A config worker -Q emails` and `celery -A config worker -Q celery`.
CELERY_TASK_ROUTES = {
    "petitions.tasks.verification_email_send_task": {"queue": "emails"},
    "petitions.tasks.verification_emails_send_owed_task": {"queue": "emails"},
    "petitions.tasks.milestone_email_send_task": {"queue": "emails"},
}
# Beat remembers when it last ran each entry here; run exactly one beat per deployment.
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule")
)
# How verification emails leave. "outbox": signing only records the email as owed (a column of
# the signature) and beat's verification_emails_send_owed_task sends what is owed every
# PETITIONS_OUTBOX_INTERVAL seconds, in batches over one SMTP connection, so a signer's request
# never waits on the broker. "task": each signature's email is a task queued at commit (the
# default without Redis, where tasks run eagerly in-process and no beat runs); the beat task then
# sends only the emails whose enqueue or delivery failed a minute ago.
PETITIONS_VERIFICATION_EMAIL_DISPATCH = env.str(
    "PETITIONS_VERIFICATION_EMAIL_DISPATCH", default="outbox" if REDIS_URL else "task"
)
if PETITIONS_VERIFICATION_EMAIL_DISPATCH not in ("outbox", "task"):
    raise ImproperlyConfigured('PETITIONS_VERIFICATION_EMAIL_DISPATCH must be "outbox" or "task"')
PETITIONS_OUTBOX_INTERVAL = env.float("PETITIONS_OUTBOX_INTERVAL", default=2.0)
PETITIONS_OUTBOX_BATCH_SIZE = env.int("PETITIONS_OUTBOX_BATCH_SIZE", default=200)
# A sender claims the emails it sends; if it dies before sending them (killed mid-batch), they
# are owed again once the claim is this old. Each email is recorded as sent when the relay
# accepts it, so at most one (the one in flight) may go out twice; none is lost.
PETITIONS_OUTBOX_CLAIM_SECONDS = env.int("PETITIONS_OUTBOX_CLAIM_SECONDS", default=300)
# An email the relay refuses for now (4xx, a dropped connection, a timeout) is tried again after
# this many seconds, twice as long after each further failure, and parked (not sent, shown in the
# admin) after PETITIONS_OUTBOX_MAX_ATTEMPTS failures in a row: 60 s and 10 give up after 8½ hours.
PETITIONS_OUTBOX_RETRY_SECONDS = env.int("PETITIONS_OUTBOX_RETRY_SECONDS", default=60)
PETITIONS_OUTBOX_MAX_ATTEMPTS = env.int("PETITIONS_OUTBOX_MAX_ATTEMPTS", default=10)
# /healthz?details=1 flags "emails delayed" once an email has been owed longer than this.
PETITIONS_EMAILS_DELAYED_SECONDS = env.int("PETITIONS_EMAILS_DELAYED_SECONDS", default=600)
CELERY_BEAT_SCHEDULE = {
    "send-owed-verification-emails": {
        "task": "petitions.tasks.verification_emails_send_owed_task",
        "schedule": PETITIONS_OUTBOX_INTERVAL,
    },
    "check-milestones": {"task": "petitions.tasks.milestones_check_task", "schedule": 15.0},
    "check-report-jobs": {"task": "petitions.tasks.report_jobs_check_task", "schedule": 60.0},
}
# A signer export or delivery document whose writer shows no progress for this long (its worker
# was killed) is marked failed, for staff to run again; a pending one (its queueing lost with
# the broker) is queued again. Writers record progress ten times as often.
PETITIONS_EXPORT_STALE_SECONDS = env.int("PETITIONS_EXPORT_STALE_SECONDS", default=300)

# Email: files under var/mail/ by default, so a trial user can open the verification link.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Campaign <no-reply@localhost>")

# Links typed without a scheme (example.org) are taken as https, as Django 6 does by default.
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Uploaded and generated files (signer exports). Never served publicly: admin serves them.
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))

STATIC_URL = "static/"
# collectstatic writes here (hashed, compressed names); WhiteNoise serves them with far-future
# cache headers, from each web node's own copy.
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Served at the site's root by WhiteNoise: /favicon.ico, which browsers ask for by that name.
WHITENOISE_ROOT = BASE_DIR / "public"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # DRF's parsers, refusing bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (413) and JSON nested too
    # deep (400) before parsing them, as Django's forms refuse large bodies.
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.JSONParser",
        "config.parsers.FormParser",
        "config.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Campaign petitions API",
    "DESCRIPTION": "Petitions, declarations, verified signatures and per-country counts.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page's scripts come from our own static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Petitions, events and media items each have a "kind": one schema name per choice list.
    "ENUM_NAME_OVERRIDES": {
        "PetitionKindEnum": "petitions.models.Petition.Kind",
        "EventKindEnum": "campaign.models.Event.Kind",
        "MediaItemKindEnum": "campaign.models.MediaItem.Kind",
    },
}

# Signing rules.
PETITIONS_VERIFICATION_MAX_AGE = env.int("PETITIONS_VERIFICATION_MAX_AGE", default=7 * 24 * 3600)
PETITIONS_RESEND_INTERVAL = env.int("PETITIONS_RESEND_INTERVAL", default=5 * 60)
# Verified counts are spread over this many rows per petition and country, so that concurrent
# verifications for one hot country do not queue on one row lock.
PETITIONS_COUNTER_SHARDS = env.int("PETITIONS_COUNTER_SHARDS", default=16)
PETITIONS_COUNT_CACHE_SECONDS = env.int("PETITIONS_COUNT_CACHE_SECONDS", default=3)
# On top of that, each web process keeps the public API answers for this long (see "local").
PETITIONS_LOCAL_CACHE_SECONDS = env.int("PETITIONS_LOCAL_CACHE_SECONDS", default=1)
# TrueType fonts for the delivery documents (PDF): they must cover signers' alphabets.
# Debian's fonts-dejavu-core by default; reportlab's bundled Vera (Latin only) if missing.
PETITIONS_PDF_FONT = env.str(
    "PETITIONS_PDF_FONT", default="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
)
PETITIONS_PDF_FONT_BOLD = env.str(
    "PETITIONS_PDF_FONT_BOLD", default="/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
)
# Signatures per day before today change only by invalidation; today's are counted live.
PETITIONS_STATS_CACHE_SECONDS = env.int("PETITIONS_STATS_CACHE_SECONDS", default=600)

# Privacy (README, "Privacy"): who answers for the signers' data, and how long it is kept.
# The privacy notice's $controller and $contact; the contact must be a mailbox someone reads.
PETITIONS_PRIVACY_CONTROLLER = env.str(
    "PETITIONS_PRIVACY_CONTROLLER", default="the organizers of this campaign"
)
PETITIONS_PRIVACY_CONTACT = env.str("PETITIONS_PRIVACY_CONTACT", default=DEFAULT_FROM_EMAIL)
# Unverified signatures are deleted this many days after signing; the personal data of the
# signatures of a closed petition are anonymized this many days after it closed.
PETITIONS_UNVERIFIED_RETENTION_DAYS = env.int("PETITIONS_UNVERIFIED_RETENTION_DAYS", default=30)
PETITIONS_CLOSED_PETITION_RETENTION_DAYS = env.int(
    "PETITIONS_CLOSED_PETITION_RETENTION_DAYS", default=183
)
if PETITIONS_UNVERIFIED_RETENTION_DAYS * 24 * 3600 < PETITIONS_VERIFICATION_MAX_AGE:
    raise ImproperlyConfigured(
        "PETITIONS_UNVERIFIED_RETENTION_DAYS must outlast a verification link "
        "(PETITIONS_VERIFICATION_MAX_AGE), or links would lead to deleted signatures"
    )
# The retention runs every PETITIONS_RETENTION_INTERVAL seconds (beat), changing this many
# signatures per statement: short transactions that never hold the table at a peak.
PETITIONS_RETENTION_INTERVAL = env.int("PETITIONS_RETENTION_INTERVAL", default=3600)
PETITIONS_RETENTION_BATCH_SIZE = env.int("PETITIONS_RETENTION_BATCH_SIZE", default=1000)
CELERY_BEAT_SCHEDULE["apply-retention"] = {
    "task": "petitions.tasks.retention_apply_task",
    "schedule": PETITIONS_RETENTION_INTERVAL,
}
# The petition page's recent supporters (only those who consented to show their name): how
# many, how long each process keeps the list, and the name as given ("full") or as first name
# and initial ("first_name_initial": "Leyla A.").
PETITIONS_RECENT_SUPPORTERS = env.int("PETITIONS_RECENT_SUPPORTERS", default=10)
PETITIONS_RECENT_SUPPORTERS_CACHE_SECONDS = env.int(
    "PETITIONS_RECENT_SUPPORTERS_CACHE_SECONDS", default=10
)
PETITIONS_SUPPORTER_NAME = env.str("PETITIONS_SUPPORTER_NAME", default="first_name_initial")
if PETITIONS_SUPPORTER_NAME not in ("full", "first_name_initial"):
    raise ImproperlyConfigured('PETITIONS_SUPPORTER_NAME must be "full" or "first_name_initial"')

# Logs go to standard error, one record a line: JSON (for a log collector) unless DEBUG, plain
# text with DEBUG; LOG_FORMAT=json|plain decides otherwise. Every record carries the request id
# (config/request_id.py; "-" outside a request), and no email address in clear
# (config/logging_filters.py). Celery's worker and beat log through this too (config/celery.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json").lower()
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "config.request_id.RequestIdFilter"},
        # Email addresses masked in every record: message, exception text, extra fields.
        "personal_data": {"()": "config.logging_filters.PersonalDataFilter"},
        "permission_denied_in_one_line": {"()": "config.logging_filters.PermissionDeniedInOneLine"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id", "personal_data"],
        },
        # Error reports by email to ADMINS, as Django sends them by default (none without ADMINS).
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django gives its "django" logger a console handler of its own under DEBUG: without
        # this, each of its records would be written twice (there and through the root).
        "django": {"handlers": ["mail_admins"], "level": LOG_LEVEL, "propagate": True},
        "django.request": {"filters": ["permission_denied_in_one_line"]},
        # Celery's line per task sent, received and succeeded: beat runs the outbox every few
        # seconds, so these would be most of an idle node's log. Tasks log what they did.
        "celery.beat": {"level": "WARNING"},
        "celery.worker.strategy": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},
    },
}
# How many reverse proxies (load balancers) append to X-Forwarded-For in front of the web nodes;
# 0 means the client connects directly and REMOTE_ADDR is its address.
PETITIONS_TRUSTED_PROXY_COUNT = env.int("PETITIONS_TRUSTED_PROXY_COUNT", default=0)
