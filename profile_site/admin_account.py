"""The site's first admin account: created once, with a generated password shown once."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model


def create_first_admin(username: str = "admin") -> str | None:
    """The new account's password, or ``None`` when the site already has an admin (nothing is changed)."""
    user_model = get_user_model()
    if user_model.objects.filter(is_superuser=True).exists():
        return None
    password = secrets.token_urlsafe(12)
    user_model.objects.create_superuser(username=username, email="", password=password)
    return password
