"""izlem settings: one module, driven by environment variables with safe defaults.

Every variable read here is listed in `.env.example` and in the README's configuration table.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean environment variable (1/true/yes/on)."""
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
IZLEM_DEMO = env_bool("IZLEM_DEMO", False)  # demo mode: prints demo passwords, relaxes nothing else
TESTING = env_bool("IZLEM_TESTING", False) or "pytest" in sys.modules  # running under pytest

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or IZLEM_DEMO or TESTING:
        SECRET_KEY = "izlem-insecure-development-key-only-for-debug-demo-and-tests"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set unless DEBUG, IZLEM_DEMO or IZLEM_TESTING is on.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
DATA_DIR = Path(os.environ.get("IZLEM_DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "js_lib_bootstrap5",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "izlem.core",
    "izlem.org",
    "izlem.plans",
    "izlem.monitoring",
    "izlem.reports",
    "izlem.harezmi",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "izlem.api",
    "izlem.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "izlem.core.middleware.NoStoreMiddleware",
    "izlem.core.ratelimit.RateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "izlem.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "izlem.org.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "izlem.core.middleware.AccessDenialLogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "izlem.urls"
WSGI_APPLICATION = "izlem.wsgi.application"
ASGI_APPLICATION = "izlem.asgi.application"

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
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "izlem.ops.navigation.navigation",
            ],
            "builtins": ["izlem.core.templatetags.tr_format"],
        },
    }
]

# --- Database -----------------------------------------------------------------------------------
# SQLite is the embedded default; DATABASE_URL (e.g. postgres://user@host:5432/izlem) selects PostgreSQL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60"))
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(DATA_DIR / "izlem.sqlite3")),
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the
                # start of a transaction so concurrent writers wait (busy timeout) instead of failing.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                    "PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Read replicas (docs/deployment.md): reads go to a replica except right after a user's own write.
IZLEM_DB_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica{_number}"] = {
        **dj_database_url.parse(_url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60"))),
        "TEST": {"MIRROR": "default"},
    }
    IZLEM_DB_REPLICAS.append(f"replica{_number}")
IZLEM_DB_PIN_SECONDS = int(os.environ.get("IZLEM_DB_PIN_SECONDS", "15"))
DATABASE_ROUTERS = ["izlem.core.db_router.PrimaryReplicaRouter"] if IZLEM_DB_REPLICAS else []
if IZLEM_DB_REPLICAS:  # before the session middleware, whose reads must also see a fresh login
    MIDDLEWARE.insert(1, "izlem.core.db_router.PinPrimaryMiddleware")

# --- Authentication and account security -----------------------------------------------------------
AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Posts per client address: (count, seconds) on the sign-in, second-factor and password-reset forms
# (izlem/core/ratelimit.py). django-otp also slows down each device after a wrong code.
# IZLEM_RATE_LIMITS_CONFIGURED keeps them as configured when tests switch the limits off.
IZLEM_RATE_LIMITS_CONFIGURED = {
    "/accounts/login/": (int(os.environ.get("IZLEM_LOGIN_RATE_PER_5MIN", "30")), 300),
    "/accounts/2fa/verify/": (int(os.environ.get("IZLEM_OTP_VERIFY_RATE_PER_5MIN", "30")), 300),
    "/accounts/password_reset/": (int(os.environ.get("IZLEM_PASSWORD_RESET_RATE_PER_HOUR", "5")), 3600),
}
IZLEM_RATE_LIMITS = dict(IZLEM_RATE_LIMITS_CONFIGURED)
OTP_TOTP_ISSUER = os.environ.get("OTP_ISSUER", "izlem")
# Roles that must sign in with a second factor (SPEC: system administrators); others may opt in.
IZLEM_2FA_REQUIRED_ROLES = env_list("IZLEM_2FA_REQUIRED_ROLES", "sysadmin")

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "izlem.core.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SIMPLE_HISTORY_REVERT_DISABLED = True  # the audit trail is read-only: no "revert" from the admin
HTTPS = env_bool("HTTPS", not (DEBUG or IZLEM_DEMO or TESTING))
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Internationalisation --------------------------------------------------------------------------
LANGUAGE_CODE = "tr"
LANGUAGES = [("tr", _("Turkish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Istanbul"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"  # never served directly: files go out through an access check
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
IZLEM_UPLOAD_MAX_BYTES = int(os.environ.get("IZLEM_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING or IZLEM_DEMO
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING or IZLEM_DEMO
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    "map",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "zip",
    "gz",
    "tgz",
    "bz2",
    "tbz",
    "xz",
    "br",
    "swf",
    "flv",
    "woff",
    "woff2",
)

# --- E-mail ---------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "izlem <izlem@localhost>")

# --- Background tasks, cache ----------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Background work that has not moved for this long is failed as abandoned (izlem/core/jobs.py, the kinds in izlem/ops/jobs.py).
IZLEM_JOB_TIMEOUT_MINUTES = int(os.environ.get("IZLEM_JOB_TIMEOUT_MINUTES", "30"))
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Product ----------------------------------------------------------------------------------------
# Evaluation: status thresholds (percent of the expected progress) and the outlier jump (SPEC §3).
IZLEM_ON_TRACK_PERCENT = int(os.environ.get("IZLEM_ON_TRACK_PERCENT", "100"))
IZLEM_AT_RISK_PERCENT = int(os.environ.get("IZLEM_AT_RISK_PERCENT", "75"))
IZLEM_OUTLIER_JUMP_PERCENT = int(os.environ.get("IZLEM_OUTLIER_JUMP_PERCENT", "50"))
IZLEM_DIRECTORATE_NAME = os.environ.get("IZLEM_DIRECTORATE_NAME", "Erzincan İl Millî Eğitim Müdürlüğü")

# --- REST API (izlem/api, docs/api.md) ---------------------------------------------------------------
IZLEM_API_THROTTLE_RATE = os.environ.get(
    "IZLEM_API_THROTTLE_RATE", "5000/hour"
)  # per user (per IP if anonymous)
IZLEM_API_PAGE_SIZE = 50
IZLEM_API_MAX_PAGE_SIZE = 200
# Deepest nesting of arrays and objects a JSON body may have (izlem/api/parsers.py); deeper is a 400.
IZLEM_API_JSON_MAX_DEPTH = int(os.environ.get("IZLEM_API_JSON_MAX_DEPTH", "32"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "izlem.api.authentication.TokenAuthentication",
        "izlem.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["izlem.api.throttling.UserThrottle"],
    "DEFAULT_PAGINATION_CLASS": "izlem.api.pagination.Pagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["izlem.api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "izlem.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "izlem.api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "izlem API",
    "DESCRIPTION": "Strategic plan monitoring and evaluation: organisation, plans, periods, values, "
    "submissions, roll-ups, deviations and measure progress. See docs/api.md.",
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "izlem.org.models.Role",
        "NodeKindEnum": "izlem.org.models.OrgNode.Kind",
        "CostLineKindEnum": "izlem.plans.models.CostLine.Kind",
        "IndicatorDirectionEnum": "izlem.plans.models.Indicator.Direction",
        "MeasureProgressStatusEnum": "izlem.monitoring.models.MeasureProgress.Status",
        "SubmissionStateEnum": "izlem.monitoring.models.Submission.State",
        "BulkUploadStateEnum": "izlem.monitoring.models.BulkUpload.State",
        "ReportJobKindEnum": "izlem.reports.models.ReportJob.Kind",
        "ReportJobStateEnum": "izlem.reports.models.ReportJob.State",
        "WeekdayEnum": "izlem.harezmi.models.Weekday",
        "ApplicationStateEnum": "izlem.harezmi.models.Application.State",
        "AppointmentKindEnum": "izlem.harezmi.models.CoordinatorAppointment.Kind",
        "AppointmentStateEnum": "izlem.harezmi.models.CoordinatorAppointment.State",
        "AppointmentUnitEnum": "izlem.harezmi.models.CoordinatorAppointment.Unit",
        "UnitEnum": "izlem.plans.models.Indicator.UnitKind",  # the name it had before appointments got a unit
        "TeacherAssignmentStateEnum": "izlem.harezmi.models.TeacherAssignment.State",
        "AssignmentStepActionEnum": "izlem.harezmi.models.AssignmentStep.Action",
        "CalendarEventKindEnum": "izlem.harezmi.models.CalendarEvent.Kind",
        "TrainingKindEnum": "izlem.harezmi.models.TrainingCompletion.Kind",
        "DocumentKindEnum": "izlem.harezmi.models.OfficialDocument.Kind",
        # Harezmi II (izlem/api/harezmi/meetings.py, courses.py, materials.py, activities.py)
        "MeetingKindEnum": "izlem.harezmi.models.Meeting.Kind",
        "ParticipantStateEnum": "izlem.harezmi.models.TrainingParticipant.State",
        "MaterialRequestStateEnum": "izlem.harezmi.models.MaterialRequest.State",
        "ProjectRoleEnum": "izlem.harezmi.models.Project.Role",
        "ActivityKindEnum": "izlem.harezmi.models.Activity.Kind",
        "AwardKindEnum": "izlem.harezmi.models.Award.Kind",
        "SessionStateEnum": "izlem.harezmi.models.Session.State",
        "AbsenceKindEnum": "izlem.harezmi.models.Absence.Kind",
        "VisitPlanSpanEnum": "izlem.harezmi.models.VisitPlan.Span",
        "VisitPurposeEnum": "izlem.harezmi.models.VisitPurpose",
        # Harezmi duties (izlem/api/harezmi/duties.py)
        "TaskStateEnum": "izlem.harezmi.models.AssignedTask.State",
        "CooperationKindEnum": "izlem.harezmi.models.Cooperation.Kind",
        "ResearchReportKindEnum": "izlem.harezmi.models.ResearchReport.Kind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "izlem.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

if TESTING:
    # Tests create many users: a fast hasher keeps the suite quick (never used outside tests).
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The whole suite signs in from one address within minutes; the rate-limit tests set their own limits.
    IZLEM_RATE_LIMITS = {}
