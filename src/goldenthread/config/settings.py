"""Django settings: one module; what differs between installations comes from
the environment variables declared (with help text) in `environment.py`."""

from __future__ import annotations

import datetime
from pathlib import Path

import csp.constants as csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from goldenthread.config import environment as env

DEBUG = env.flag(env.DEBUG)
SECURE = env.flag(env.SECURE)
DATA_DIR = Path(env.DATA_DIR.read())
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env.SECRET_KEY.read() or (env.DEBUG_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(f"set {env.SECRET_KEY.name} (or {env.DEBUG.name}=true)")
if SECRET_KEY == env.DEBUG_SECRET_KEY and not DEBUG:  # published: anyone could sign sessions
    raise ImproperlyConfigured(f"{env.SECRET_KEY.name} is the development key: set a secret one")

ALLOWED_HOSTS = [h.strip() for h in env.ALLOWED_HOSTS.read().split(",") if h.strip()]

INSTALLED_APPS = [
    "goldenthread.web.admin_apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "goldenthread.web",
    "goldenthread.organisations",
    "goldenthread.people",
    "goldenthread.imports",
    "goldenthread.exports",
    "goldenthread.reporting",
    "goldenthread.schemes",
    "goldenthread.indicators",
    "goldenthread.submissions",
    "goldenthread.returns",
    "goldenthread.plan",
    "goldenthread.risks",
    "goldenthread.finance",
    "goldenthread.overview",
    "goldenthread.packs",
    "goldenthread.demo",
    "goldenthread.audit",
    "django_otp",
    "django_otp.plugins.otp_totp",  # the authenticator app (TOTP)
    "django_otp.plugins.otp_static",  # recovery codes
    "goldenthread.mfa",
]

MIDDLEWARE = [
    "goldenthread.audit.middleware.RequestIdMiddleware",  # first: every response has its id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "goldenthread.web.middleware.SecurityHeadersMiddleware",  # sees every later answer
    "django_otp.middleware.OTPMiddleware",  # user.is_verified(): passed the second factor
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "goldenthread.mfa.middleware.SecondFactorMiddleware",  # until passed: its pages only
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out sign-in
    "django.contrib.auth.backends.ModelBackend",
    "goldenthread.people.backends.RoleBackend",
]

ROOT_URLCONF = "goldenthread.config.urls"
WSGI_APPLICATION = "goldenthread.config.wsgi.application"

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
            ],
        },
    },
]

_SQLITE = {
    "ENGINE": "goldenthread.config.sqlite",  # Django's, tolerant of oversized figures
    "NAME": DATA_DIR / "goldenthread.sqlite3",
    "OPTIONS": {
        # WAL lets officers read while another saves; writers wait up to 20 s
        # for the lock and take it at the start of a transaction, so concurrent
        # saves queue instead of failing with "database is locked". FULL syncs the
        # log at every commit: a save answered survives a power cut, not only a crash.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    },
}
_url = env.DATABASE_URL.read()
DATABASES = {"default": dj_database_url.parse(_url, conn_max_age=60) if _url else _SQLITE}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "goldenthread.config.postgresql"  # Django's, for flush
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Long work (building a pack) runs in the background: the web request queues it in
# the database and `goldenthread db_worker` (django-tasks-db) runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "overview:home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_AGE = int(env.SESSION_MINUTES.read()) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31_536_000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
if env.flag(env.BEHIND_PROXY):  # only a declared proxy may say the request came over https
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Sign-in lockout (django-axes; docs/decisions/0015): 10 failed sign-ins within 6
# minutes (so any 10 within 5) lock that username from every address, and that address
# for every username, until 6 minutes after the last counted failure; tries while locked
# do not extend it. 6, not 5: at most 100 guesses an hour at one account (ASVS 2.2.1).
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = datetime.timedelta(minutes=6)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each alone, not the pair
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "goldenthread.web.lockout.locked_out"  # 429 with the time to try again
AXES_VERBOSE = False
if env.flag(env.BEHIND_PROXY):  # the address the proxy saw, not its own
    AXES_CLIENT_IP_CALLABLE = "goldenthread.web.lockout.forwarded_client_address"

# Second factor (django-otp; docs/decisions/0014): an authenticator app (TOTP) and 10
# recovery codes, required for the performance team, directors, staff and superusers.
OTP_TOTP_ISSUER = "goldenthread"  # the account's name in the person's app
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a secret key or a code

# Content-Security-Policy (django-csp): scripts only from the site or carrying the page's
# nonce; no inline styles; the served HTML pack has its own (packs/views.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "object-src": [csp.NONE],
        "base-uri": [csp.NONE],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the package: no collectstatic needed

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
