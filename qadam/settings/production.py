"""Production: refuses to start without a secret key and a database URL."""

import os

from django.core.exceptions import ImproperlyConfigured

for _required in ("DJANGO_SECRET_KEY", "DATABASE_URL"):
    if not os.environ.get(_required):
        raise ImproperlyConfigured(f"{_required} must be set in production")

from .base import *  # noqa: E402, F403

DEBUG = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)  # noqa: F405
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
