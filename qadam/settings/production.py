"""Production: refuses to start without a secret key and a database URL; HTTPS only (HSTS,
redirect, secure cookies), e-mail from the environment. `qadam check --deploy` is clean."""

import os

from django.core.exceptions import ImproperlyConfigured

for _required in ("DJANGO_SECRET_KEY", "DATABASE_URL"):
    if not os.environ.get(_required):
        raise ImproperlyConfigured(f"{_required} must be set in production")

from .base import *  # noqa: E402, F403

DEBUG = False

# HTTPS: behind a TLS-terminating proxy that sets X-Forwarded-Proto (the usual deployment:
# nginx in front of gunicorn); DJANGO_SECURE_PROXY_SSL_HEADER=false when Django sees TLS
# itself or the proxy does not set the header.
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=True):  # noqa: F405
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)  # noqa: F405
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=365 * 24 * 3600)  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)  # noqa: F405
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)  # noqa: F405
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)  # noqa: F405
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])  # noqa: F405

# E-mail (the daily reminders): EMAIL_URL such as smtp+tls://user:password@smtp.example:587
# (django-environ), the sender from DJANGO_DEFAULT_FROM_EMAIL.
_email = env.email_url("EMAIL_URL", default="smtp://localhost:25")  # noqa: F405
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="qadam@localhost")  # noqa: F405
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=30)  # noqa: F405

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# `qadam collectstatic` writes each file under its hashed name with .gz and .br beside it;
# whitenoise serves them with a year's Cache-Control (the unhashed copies are never linked)
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
