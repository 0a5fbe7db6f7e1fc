"""The demo (`make demo`): a visitor sees the product, not Django's debug pages. DEBUG off, the
friendly translated 404/500 pages, static files collected and served by whitenoise
compressed (gzip and brotli) under hashed names with a year's Cache-Control. Unlike
production it runs on plain HTTP with the development key and SQLite by default."""

from .base import *  # noqa: F403

DEBUG = False
# The demo answers on whatever address HOST binds (a laptop's LAN address too); a real
# deployment lists its names (production.py reads DJANGO_ALLOWED_HOSTS).
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["*"])  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# every page names static files by their hashed names ({% static %}): the unhashed copies
# would only double collectstatic's compression time
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
