"""Settings shared by every environment; values come from the environment (django-environ)."""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "qadam"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-development-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

VAR_DIR = Path(env("QADAM_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'qadam.sqlite3'}"),
}
# keep connections between requests: under load, connecting per request costs more than
# the request (DJANGO_CONN_MAX_AGE=0 closes them after each one)
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            # a writer waits this long for another's lock before "database is locked"
            "timeout": env.int("QADAM_SQLITE_TIMEOUT", default=20),
        }
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # Swagger UI from its own static files: /api/docs needs nothing from elsewhere
    "django_tasks",
    "django_tasks_db",
    "axes",
    "qadam.common",
    "qadam.accounts",
    "qadam.registry",
    "qadam.placements",
    "qadam.guidance",
    "qadam.planning",
    "qadam.agreements",
    "qadam.joint",
    "qadam.modernisation",
    "qadam.learners",
    "qadam.educators",
    "qadam.imports",
    "qadam.dashboard",
    "qadam.seeding",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # before any view or endpoint reads the request: no NUL in a path, query, field or body
    "qadam.common.middleware.RefuseNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # last: turns a locked-out sign-in (the page's or the admin's) into the lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qadam.urls"
WSGI_APPLICATION = "qadam.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qadam.dashboard.context_processors.navigation",
            ],
            # `|localized`: names in the reader's language on every page (ADR 0010)
            "builtins": ["qadam.common.templatetags.localized"],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in resists guessing (django-axes): every authenticate() -- the sign-in page and the
# admin's -- is refused once an account or an address has failed AXES_FAILURE_LIMIT times
# within the cool-off; the ministry administrator unlocks in the admin (audited).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("QADAM_SIGN_IN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("QADAM_SIGN_IN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "qadam.accounts.lockout.lockout_response"
AXES_ENABLE_ADMIN = False  # accounts.admin registers the attempts read-only, with an unlock
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "qadam.accounts.lockout.client_address"
# Behind N reverse proxies that append to X-Forwarded-For, the client is the N-th address
# from its right; 0 (the default) reads REMOTE_ADDR, which a client cannot forge.
QADAM_TRUSTED_PROXY_COUNT = env.int("QADAM_TRUSTED_PROXY_COUNT", default=0)

LANGUAGE_CODE = "ru"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
# Django ships no Kazakh formats: qadam/formats/kk (dates 05.01.2026, numbers 556 000)
FORMAT_MODULE_PATH = ["qadam.formats"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Limits of one background job (`qadam worker`, ADR 0006): past its time or memory it fails
# with a message and the worker takes the next job; 0 means no limit.
QADAM_JOB_TIME_LIMIT = env.int("QADAM_JOB_TIME_LIMIT", default=30 * 60)  # seconds
QADAM_JOB_MEMORY_LIMIT_MB = env.int("QADAM_JOB_MEMORY_LIMIT_MB", default=4096)  # address space
# A running job with no sign of life for this long is failed (its worker died).
QADAM_JOB_STALE_SECONDS = env.int("QADAM_JOB_STALE_SECONDS", default=120)

# Content-Security-Policy (django-csp): scripts only from this site's static files (no inline
# script: qadam/static/qadam/qadam.js reads data attributes, charts are JSON scripts); styles
# may be inline (the style attributes Plotly and Swagger UI set); nothing is fetched from
# elsewhere (the national map's base layer is served from this site: dashboard/kpi_map.js).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
# A session ends after 30 minutes idle (each request renews it), not after Django's 14 days:
# a shared computer at a college is not left signed in.
SESSION_COOKIE_AGE = env.int("QADAM_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("QADAM_LOG_LEVEL", default="WARNING")},
}

QADAM_PAGE_SIZE = 50

# Each educator upskills (a course or an internship) at least once in this many years; past
# it they are overdue (the reminders, the shares upskilled). Three: the period issue 15 asks
# for; a deployment sets its own.
QADAM_UPSKILLING_PERIOD_YEARS = env.int("QADAM_UPSKILLING_PERIOD_YEARS", default=3)

# The main menu, in order: each app's `items(user, scope) -> list[NavItem]` (common.navigation)
QADAM_NAVIGATION = [
    "qadam.dashboard.navigation.home_items",
    "qadam.registry.navigation.items",
    "qadam.placements.navigation.items",
    "qadam.guidance.navigation.items",
    "qadam.planning.navigation.items",
    "qadam.agreements.navigation.items",
    "qadam.joint.navigation.items",
    "qadam.modernisation.navigation.items",
    "qadam.learners.navigation.items",
    "qadam.educators.navigation.items",
    "qadam.imports.navigation.items",
    "qadam.dashboard.navigation.items",
]

# `qadam stats` adds each app's headline figures to the registry's (functions -> dicts)
QADAM_STATISTICS = [
    "qadam.joint.selectors.joint_statistics",
    "qadam.educators.selectors.statistics",
]

STATICFILES_DIRS = [
    PACKAGE_DIR / "static",  # qadam/qadam.css: the project package is not an installed app
]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.js ships inside the plotly package: served as a static file, no CDN
    "qadam.common.staticfiles.PlotlyFinder",
]
