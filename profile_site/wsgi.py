"""WSGI entry point: ``gunicorn profile_site.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

from core.startup import long_lived

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "profile_site.settings.dev")

with long_lived():  # core/startup.py: gunicorn forks its workers from this process once it is made
    application = get_wsgi_application()
