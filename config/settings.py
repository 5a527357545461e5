"""Settings, read from the environment only here.

With no environment variable set, the service runs on an embedded default: a SQLite file under
var/, Celery tasks run eagerly in-process and emails are written as files under var/mail/.
Production sets DATABASE_URL (PostgreSQL) and REDIS_URL (Celery broker and cache).
"""

import re
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
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
    # Before the admin, as modeltranslation asks: it patches the admin's forms of the models
    # whose texts are entered per language (each app's translation.py).
    "modeltranslation",
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
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "campaign",
    "petitions",
    "news",
    "home",  # the campaign's home page: reads the apps above
    "config.apps.ProjectConfig",  # the project's own system checks (config/checks.py)
]

MIDDLEWARE = [
    # First: the request id covers every log record of the request, the health check included.
    "config.request_id.RequestIdMiddleware",
    # Before Host validation (CommonMiddleware) and sessions: see config/health.py.
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML and JSON compressed on the wire (static files come compressed from WhiteNoise above,
    # which answers them before this). Against BREACH, Django pads each gzip answer with random
    # bytes and masks the CSRF token anew on every page; the count that pages poll is too small
    # to be compressed (under 200 bytes).
    "django.middleware.gzip.GZipMiddleware",
    # After WhiteNoise: static files need no policy, pages do. django-csp's, with the site's
    # policy built once per process.
    "config.content_policy.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.i18n.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
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
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, with a health check only for a connection idle a second or more.
        DATABASES["default"]["ENGINE"] = "config.postgresql"
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
# to the count and petition APIs, the petition, parts of pages. No network round trip, and no
# pickling (config/cache.py). A few thousand entries: a page's parts are kept per language.
CACHES["local"] = {
    "BACKEND": "config.cache.ProcessMemoryCache",
    "LOCATION": "local",
    "OPTIONS": {"MAX_ENTRIES": 3000},
}

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
    "news.tasks.news_emails_send_due_task": {"queue": "emails"},
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
# /healthz?details=1 answers its details (the backlog, the workers' host names) to a staff session
# and to monitoring sending "Authorization: Bearer <this>"; anyone else gets the plain answer.
HEALTHZ_DETAILS_TOKEN = env.str("HEALTHZ_DETAILS_TOKEN", default="")
CELERY_BEAT_SCHEDULE = {
    "send-owed-verification-emails": {
        "task": "petitions.tasks.verification_emails_send_owed_task",
        "schedule": PETITIONS_OUTBOX_INTERVAL,
    },
    "check-milestones": {"task": "petitions.tasks.milestones_check_task", "schedule": 15.0},
    "check-report-jobs": {"task": "petitions.tasks.report_jobs_check_task", "schedule": 60.0},
}
# A signer export, delivery document or retention run whose writer shows no progress for this
# long (its worker was killed) is marked failed, for staff to run again (or the next run); a
# pending export or document (its queueing lost with the broker) is queued again. Writers record
# progress ten times as often.
PETITIONS_JOB_STALE_SECONDS = env.int("PETITIONS_JOB_STALE_SECONDS", default=300)

# Campaign news by email (news/): staff start a sending, which writes one NewsEmail row per
# mailbox; beat's news_emails_send_due_task sends what is due every NEWS_OUTBOX_INTERVAL seconds,
# NEWS_OUTBOX_BATCH_SIZE emails per SMTP connection, and at most NEWS_EMAILS_PER_MINUTE (the
# relay's quota; 0: as fast as it takes them, never fewer than one email per run). A sender's
# claim on its batch lasts NEWS_EMAIL_CLAIM_SECONDS: after that (the sender died) the emails it
# had not sent are owed again. An email refused for now (4xx, timeout) is tried again later,
# alone, up to NEWS_EMAIL_MAX_ATTEMPTS times; one refused for good (5xx) is failed at once.
NEWS_OUTBOX_INTERVAL = env.float("NEWS_OUTBOX_INTERVAL", default=5.0)
NEWS_OUTBOX_BATCH_SIZE = env.int("NEWS_OUTBOX_BATCH_SIZE", default=200)
NEWS_EMAILS_PER_MINUTE = env.int("NEWS_EMAILS_PER_MINUTE", default=3000)
NEWS_EMAIL_CLAIM_SECONDS = env.int("NEWS_EMAIL_CLAIM_SECONDS", default=300)
NEWS_EMAIL_MAX_ATTEMPTS = env.int("NEWS_EMAIL_MAX_ATTEMPTS", default=8)
CELERY_BEAT_SCHEDULE["send-news-emails"] = {
    "task": "news.tasks.news_emails_send_due_task",
    "schedule": NEWS_OUTBOX_INTERVAL,
}

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
# A server error's report (what a signer typed left out) is emailed to each address of ADMINS
# (comma-separated; none by default) from SERVER_EMAIL.
ADMINS = [("", address.strip()) for address in env.list("ADMINS", default=[]) if address.strip()]
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Links typed without a scheme (example.org) are taken as https, as Django 6 does by default.
FORMS_URLFIELD_ASSUME_HTTPS = True

# Staff logins. django-axes counts failed logins per username and client address (the address
# petitions.addresses.client_ip_address gives, behind PETITIONS_TRUSTED_PROXY_COUNT proxies: one
# rule for signing and logging in) and refuses that pair for AXES_COOLOFF_MINUTES after
# AXES_FAILURE_LIMIT failures; a successful login starts the count again.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "petitions.addresses.client_ip_address"
AXES_RESET_ON_SUCCESS = True
# Two-factor authentication (django-otp, TOTP): staff and superusers reach the admin only after
# entering a code from their authenticator app, required in production (DEBUG off). The demo
# and local development (DEBUG) log in with a password alone unless this is set.
STAFF_TWO_FACTOR_REQUIRED = env.bool("STAFF_TWO_FACTOR_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Campaign petitions")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The campaign's eight languages. Pages carry theirs in the URL (/az/p/<slug>/; / and other
# unprefixed pages redirect by Accept-Language); the API, the admin and /healthz are unprefixed
# and answer in the Accept-Language's. The catalogues are in locale/ (make messages), compiled
# by make install; texts entered in the admin are per language (modeltranslation, below).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("az", _("Azerbaijani")),
    ("ru", _("Russian")),
    ("tr", _("Turkish")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("de", _("German")),
    ("ar", _("Arabic")),
]
# The site's catalogues (make messages), and CLDR's country names in the languages that
# django-countries has none in (config/country_names/build.py).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "config" / "country_names" / "locale"]
# Dates and numbers as each language writes them (Django's formats); English's dates in
# config/formats/en/.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Petitions, addressees, events, media, recognitions and the campaign are entered per language
# (title_az, text_ar...: each app's translation.py). A text missing in the reader's language is
# shown in English, or else in the first language it was written in.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = tuple(code for code, name in LANGUAGES)
# Slugs are made from the English title.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"
# The admin's language tabs need jQuery UI: our own copy, never a CDN (static/vendor/).
JQUERY_UI_URL = "vendor/jquery-ui-1.14.2/jquery-ui.min.js"

# Uploaded and generated files (signer exports). Never served publicly: admin serves them.
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# News images are public, so they live apart from MEDIA_ROOT: no path can lead from one to the
# other. news.views.post_image serves a file only while a published post shows it.
NEWS_MEDIA_ROOT = env.str("NEWS_MEDIA_ROOT", default=str(VAR_DIR / "news-media"))

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
    "news_images": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": NEWS_MEDIA_ROOT, "base_url": "/news/images/"},
    },
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
    # Petitions, events and media items each have a "kind", and events, signer exports and
    # verifications a "status": one schema name per choice list.
    "ENUM_NAME_OVERRIDES": {
        "PetitionKindEnum": "petitions.models.Petition.Kind",
        "EventKindEnum": "campaign.models.Event.Kind",
        "MediaItemKindEnum": "campaign.models.MediaItem.Kind",
        "EventStatusEnum": "campaign.models.Event.Status",
        "SignerExportStatusEnum": "petitions.models.SignerExport.Status",
        "VerificationStatusEnum": "petitions.services.VerificationOutcome",
    },
}

# Embedding (/embed/<slug>/): the pages that may frame the embed, as CSP frame-ancestors
# sources ("*": any site; "https://partner.example.org https://other.example"). Only the embed
# pages may be framed; every other page keeps X-Frame-Options: DENY.
EMBED_FRAME_ANCESTORS = env.list("EMBED_FRAME_ANCESTORS", default=["*"])
# How long the embed's signed form stays valid: the embed's sign form carries its own token
# instead of the CSRF cookie, which a browser does not send from a third-party frame.
EMBED_FORM_MAX_AGE = env.int("EMBED_FORM_MAX_AGE", default=6 * 3600)
# The media page plays a video only after a click, from the platforms' privacy modes; the
# Content-Security-Policy's frame-src must allow these origins (and no other frame).
MEDIA_VIDEO_FRAME_SOURCES = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
# Each petition's share image (1200×630 PNG with its title and count) is drawn again at most
# this often per language, and cached by browsers and link previews as long.
PETITIONS_SHARE_IMAGE_SECONDS = env.int("PETITIONS_SHARE_IMAGE_SECONDS", default=600)

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
        # django-axes announces itself at every start; its lockouts are warnings.
        "axes": {"level": "WARNING"},
    },
}
# How many reverse proxies (load balancers) append to X-Forwarded-For in front of the web nodes;
# 0 means the client connects directly and REMOTE_ADDR is its address.
PETITIONS_TRUSTED_PROXY_COUNT = env.int("PETITIONS_TRUSTED_PROXY_COUNT", default=0)

# Limits and abuse (petitions/antiabuse/; README "Limits and abuse"). Rates are django-ratelimit's
# ("10/m", "100/h", "5/30s"), comma-separated: each is a fixed window, and one client address (an
# IPv6 client by its /64) or one email domain past any of them is answered 429 with Retry-After.
# RATE_LIMITS_ENABLED=false turns every limit off (benchmarks, tests that are not about limits).
RATE_LIMITS_ENABLED = env.bool("RATE_LIMITS_ENABLED", default=True)
_rate_format = re.compile(r"\d+/\d*[smhd]")


def _rates(name, default):
    """The rates of an environment variable, spaces around the commas allowed; refuse a typo
    here, not at the first signature."""
    rates = [rate.strip() for rate in env.list(name, default=default) if rate.strip()]
    for rate in rates:
        if not _rate_format.fullmatch(rate):
            raise ImproperlyConfigured(
                f'{name}: "{rate}" is not a rate: write a count, "/", and a period in s, m, h or '
                'd, optionally multiplied ("10/m", "100/h", "5/30s"), separated by commas'
            )
    return rates


PETITIONS_RATE_LIMITS_ADDRESS = _rates("PETITIONS_RATE_LIMITS_ADDRESS", ["10/m", "100/h"])
PETITIONS_RATE_LIMITS_DOMAIN = _rates("PETITIONS_RATE_LIMITS_DOMAIN", ["100/m", "1000/h"])
# Mailbox providers so large that a burst from them is the public, not a script: no domain limit
# (the address limits still apply).
PETITIONS_RATE_LIMITS_DOMAIN_EXEMPT = env.list(
    "PETITIONS_RATE_LIMITS_DOMAIN_EXEMPT",
    default=[
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
        "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
        "protonmail.com", "gmx.de", "gmx.net", "web.de", "t-online.de", "orange.fr", "free.fr",
        "laposte.net", "libero.it", "mail.ru", "bk.ru", "inbox.ru", "list.ru", "yandex.ru",
        "yandex.com", "mail.az", "yahoo.fr", "hotmail.fr", "yahoo.co.uk", "hotmail.co.uk",
        "qq.com", "163.com", "naver.com",
    ],
)  # fmt: skip
# The sign form: a submission sooner than this after the page was rendered, or with the hidden
# honeypot field filled, is a script's: it is answered as if accepted and stores nothing.
PETITIONS_SIGN_FORM_MIN_SECONDS = env.float("PETITIONS_SIGN_FORM_MIN_SECONDS", default=3.0)
# ALTCHA, the proof of work that staff switch on for a petition "under attack": PBKDF2/SHA-256 at
# this many iterations a try, with the answer drawn between COUNTER/2 and COUNTER tries (about a
# second in a phone's browser), valid for EXPIRES seconds and once.
PETITIONS_ALTCHA_COST = env.int("PETITIONS_ALTCHA_COST", default=1000)
PETITIONS_ALTCHA_COUNTER = env.int("PETITIONS_ALTCHA_COUNTER", default=2000)
PETITIONS_ALTCHA_EXPIRES_SECONDS = env.int("PETITIONS_ALTCHA_EXPIRES_SECONDS", default=1200)
# How long each process keeps the staff's block lists and allowed networks in memory.
PETITIONS_ABUSE_LISTS_CACHE_SECONDS = env.int("PETITIONS_ABUSE_LISTS_CACHE_SECONDS", default=10)
# HTTPS. In production (DEBUG off) the site is served over HTTPS only, TLS ending at a proxy in
# front (README, Production: Security): plain http is redirected, cookies are Secure and HSTS is
# sent. HTTPS_ONLY=0 serves plain http (a local trial of the production settings); each of the
# settings below can also be set on its own.
HTTPS_ONLY = env.bool("HTTPS_ONLY", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS_ONLY)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=HTTPS_ONLY)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=HTTPS_ONLY)
# A year, for this host name only: it already redirects every http request, so HSTS commits it
# to nothing more, and browsers stop making that first http request. Subdomains and the preload
# list are the domain owner's decision (SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD).
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [
    # check --deploy asks for both; they bind other hosts than this one (see above).
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
# The scheme the client used, as the TLS-terminating proxy tells it: the proxies counted in
# PETITIONS_TRUSTED_PROXY_COUNT set X-Forwarded-Proto (or the header named here; "" for none).
# Without it behind such a proxy, every request looks like http and is redirected forever.
_proxy_scheme_header = env.str(
    "SECURE_PROXY_SSL_HEADER",
    default="X-Forwarded-Proto" if PETITIONS_TRUSTED_PROXY_COUNT else "",
)
if _proxy_scheme_header:
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _proxy_scheme_header.upper().replace("-", "_"),
        "https",
    )
SESSION_COOKIE_HTTPONLY = True
# Nothing on the site reads the CSRF cookie from a script (the API docs get the token rendered).
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Only the admin sends messages, to staff who have a session: kept in it. The default (a signed
# cookie first) built a cookie signer on every request, public ones included.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Content-Security-Policy (django-csp): scripts, styles, images and requests from this origin
# only, and no inline script or style (no style="" either): a page that needs one is fixed, not
# the policy. Images also as data: URLs (the empty favicon, the admin's and API docs' icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        # The media page's videos, in their players' privacy modes, once clicked.
        "frame-src": [SELF, *MEDIA_VIDEO_FRAME_SOURCES],
    }
}
