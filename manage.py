#!/usr/bin/env python
import os
import sys


def settings_load() -> bool:
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        return bool(settings.INSTALLED_APPS)
    except (ImproperlyConfigured, ImportError):
        return False  # Django's own command line says what is wrong with them


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "profile_site.settings.dev")
    from django.core.management import execute_from_command_line

    if settings_load():
        from core.startup import setup  # Django set up, what it made frozen: each command starts faster

        setup()
    execute_from_command_line(sys.argv)
