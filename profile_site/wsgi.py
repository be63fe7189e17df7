"""WSGI entry point: ``gunicorn profile_site.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "profile_site.settings.dev")

application = get_wsgi_application()
