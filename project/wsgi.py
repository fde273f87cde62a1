"""The WSGI application that gunicorn (and ``runserver``) serve.

Serving with the built-in development ``SECRET_KEY`` while ``DEBUG`` is off is refused: the
key is public, and sessions, CSRF tokens and the admin's password-reset links are signed
with it. ``make run`` (a local run) says ``ALLOW_DEV_SECRET_KEY=true``; production sets
``SECRET_KEY``. Commands and tests never load this module, so they need neither.
"""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

application = get_wsgi_application()

dev_key = settings.SECRET_KEY == settings.DEV_SECRET_KEY
if dev_key and not settings.DEBUG and not settings.ALLOW_DEV_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is the built-in development key and DEBUG is off: set SECRET_KEY "
        "(or ALLOW_DEV_SECRET_KEY=true for a local run, as `make run` does)."
    )
