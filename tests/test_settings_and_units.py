"""Settings read from the environment; dates, anchors and links as the page shows them."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.anchors import section_anchor
from core.dates import Precision, format_span
from profile_site.links import profile_url, scholar_user_id

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("title", "anchor"),
    [("🔥 News", "-news"), ("🎖️ Honors and Awards", "-honors-and-awards"), ("About Me", "about-me"),
     ("📖 Educations", "-educations"), ("Research Interests", "research-interests")],
)  # fmt: skip
def test_section_anchor_follows_acadhomepage(title, anchor):
    assert section_anchor(title) == anchor


def test_dates_render_like_acadhomepage():
    d = datetime.date
    assert format_span(d(2025, 8, 1)) == "2025.08"
    assert format_span(d(2023, 9, 1), ongoing=True) == "2023.09 - Now"
    assert format_span(d(2019, 9, 1), d(2023, 6, 1)) == "2019.09 - 2023.06"
    assert format_span(d(2020, 1, 1), d(2022, 1, 1), Precision.YEAR) == "2020 - 2022"
    assert format_span(d(2024, 1, 1), d(2024, 12, 31), Precision.YEAR) == "2024"
    assert format_span(d(2025, 8, 3), precision=Precision.DAY) == "2025.08.03"
    assert format_span(None) == ""


def test_profile_links_accept_ids_or_urls():
    assert profile_url("github", "@pzs19") == "https://github.com/pzs19"
    assert profile_url("orcid", "0000-0002-1825-0097") == "https://orcid.org/0000-0002-1825-0097"
    assert profile_url("linkedin", "https://www.linkedin.com/in/x") == "https://www.linkedin.com/in/x"
    assert scholar_user_id("https://scholar.google.com/citations?user=0aDsRecAAAAJ&hl=en") == "0aDsRecAAAAJ"


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY"}}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean_env, **env}, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def test_production_settings_pass_deploy_check(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SETTINGS_MODULE": "profile_site.settings.production",
            "SECRET_KEY": "x" * 64 + "-production-secret-for-the-deploy-check",
            "ALLOWED_HOSTS": "example.org,www.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            # The owner's opt-ins, off by default (tests/test_deploy_settings.py checks the defaults).
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
            "SECURE_HSTS_PRELOAD": "1",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage(
        "check", env={"DJANGO_SETTINGS_MODULE": "profile_site.settings.production", "ALLOWED_HOSTS": "example.org"}
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_settings_come_from_the_environment(tmp_path):
    script = (
        "from django.conf import settings as s;"
        "print(s.ALLOWED_HOSTS, s.TIME_ZONE, s.MEDIA_ROOT, s.STATIC_ROOT, s.DATABASES['default']['ENGINE'],"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SERVE_MEDIA)"
    )
    result = run_manage(
        "shell",
        "-c",
        script,
        env={
            "DJANGO_SETTINGS_MODULE": "profile_site.settings.production",
            "SECRET_KEY": "s" * 60,
            "ALLOWED_HOSTS": "a.example, b.example",
            "TIME_ZONE": "Asia/Shanghai",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "STATIC_ROOT": str(tmp_path / "static"),
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "SERVE_MEDIA": "false",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        f"['a.example', 'b.example'] Asia/Shanghai {tmp_path / 'media'} {tmp_path / 'static'} "
        "django.db.backends.postgresql False 0 False"
    )


def test_media_on_another_origin_is_not_served_by_the_site_and_is_allowed_by_the_policy(tmp_path):
    script = (
        "from django.conf import settings as s; from django.urls import resolve, Resolver404;"
        "from serving.security_headers import public_policy;"
        "print(s.SERVE_MEDIA, 'https://media.example.edu' in public_policy(analytics=False));"
        "print(resolve('/media/x/').url_name)"
    )
    result = run_manage("shell", "-c", script, env={"MEDIA_URL": "https://media.example.edu/"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["False True", "wagtail_serve"]  # /media/ is not the site's to serve
    refused = run_manage("check", env={"MEDIA_URL": "https://media.example.edu"})
    assert refused.returncode != 0 and "MEDIA_URL must end with a slash" in refused.stderr


def test_dev_settings_work_with_no_environment():
    result = run_manage("check", env={})
    assert result.returncode == 0, result.stderr


def _handlers_reached(name: str) -> list:
    """The site's handlers a message of logger ``name`` goes to, up the loggers it propagates to (pytest's own,
    which capture the output, left out)."""
    import logging

    logger, handlers = logging.getLogger(name), []
    while logger is not None:
        handlers += [handler for handler in logger.handlers if type(handler) is logging.StreamHandler]
        logger = logger.parent if logger.propagate else None
    return handlers


def test_a_message_of_django_is_written_once_in_development(settings):
    """``make run`` wrote "Not Found: /x/" twice: Django's own console handler (DEBUG only), then ours."""
    import logging
    from unittest import mock

    settings.DEBUG = True  # Django's console handler writes only then
    written = []
    with mock.patch.object(logging.StreamHandler, "emit", lambda handler, record: written.append(handler)):
        logging.getLogger("django.request").warning("Not Found: %s", "/x/")
    assert [handler for handler in written if type(handler) is logging.StreamHandler] == _handlers_reached("django")
    assert len(_handlers_reached("django")) == 1


def test_the_development_servers_request_lines_keep_their_time():
    from django.utils.log import ServerFormatter

    handlers = _handlers_reached("django.server")
    assert len(handlers) == 1 and isinstance(handlers[0].formatter, ServerFormatter)
