"""WSGI entry point for gunicorn."""

import logging
import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qadam.settings.local")
application = get_wsgi_application()

logger = logging.getLogger(__name__)


def _warm_up() -> None:
    """Build what each process caches (the pupils' outlook: the registry read into arrays,
    about 0.7 s at national scale) before the first pupil waits for it."""
    from django.db import connection

    from qadam.planning.outlook import outlook_current

    try:
        outlook_current()
    except Exception:  # a database not migrated yet: the first request builds it instead
        logger.exception("warming the outlook failed")
    finally:
        connection.close()


threading.Thread(target=_warm_up, name="qadam-warm-up", daemon=True).start()
